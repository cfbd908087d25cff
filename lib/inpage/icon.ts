const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#5b21b6"/><stop offset="1" stop-color="#0ea5e9"/></linearGradient></defs>
<rect width="96" height="96" rx="22" fill="url(#g)"/>
<path d="M30 26h36v9H40v9h22v8H40v9h26v9H30z" fill="#fff"/>
</svg>`;

/** EIP-6963 icon: a square SVG as a data URI (no fetch, works under any page CSP for <img>). */
export const WALLET_ICON = `data:image/svg+xml,${encodeURIComponent(SVG)}` as const;
export const WALLET_NAME = 'Entropy Wallet';
export const WALLET_RDNS = 'xyz.entropy.wallet';
