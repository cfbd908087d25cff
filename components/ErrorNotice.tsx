export function ErrorNotice({ message, code }: { message: string; code: string }) {
  return (
    <div className="error-notice" role="alert">
      <p>{message}</p>
      <details>
        <summary>Technical details</summary>
        <code>{code}</code>
      </details>
    </div>
  );
}
