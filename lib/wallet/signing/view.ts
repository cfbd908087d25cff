/**
 * The live picture of one signing request that the popup renders (docs/popup.md): the committee, each
 * member's state and round, the steps with their times, retries and the outcome. The orchestrator owns a
 * `SessionTracker` and publishes a fresh snapshot after every change.
 */
import { groupPartyId } from '../../tss/session-id';

export type MemberState =
  | 'selected'
  | 'delivered'
  | 'constraints-passed'
  | 'constraints-failed'
  | 'subscribed'
  | 'running'
  | 'done'
  | 'failed'
  | 'blamed';

export interface ConstraintResult {
  constraint: string;
  passed: boolean;
  reason: string;
}

export interface CommitteeMemberView {
  group: number;
  stash: string;
  tssAccount: string;
  endpoint: string;
  state: MemberState;
  round?: number;
  totalRounds?: number;
  constraintResults?: ConstraintResult[];
  error?: string;
}

export type StepName = 'submit' | 'committee' | 'deliver' | 'subscribe' | 'protocol' | 'verify';

export interface SessionStep {
  name: StepName;
  startedAt: number;
  endedAt?: number;
}

/** Who a failed attempt was blamed on, with the validator behind a signing group's party id when known. */
export interface BlamedParty {
  party: string;
  reason: string;
  group?: number;
  stash?: string;
  endpoint?: string;
}

export type SessionStatus = 'submitting' | 'waiting-committee' | 'delivering' | 'running' | 'done' | 'failed';

export interface SigningSessionView {
  requestId: string;
  account: string;
  sigHash: `0x${string}`;
  /** What is signed (`evm` transaction, `message`, `typed-data`, `hash`): steps and verdicts that do not apply are not shown as passed. */
  arch?: string;
  attempt: number;
  maxAttempts: number;
  status: SessionStatus;
  blockNumber?: number;
  members: CommitteeMemberView[];
  steps: SessionStep[];
  retries: { attempt: number; blockNumber?: number; blamed: BlamedParty[] }[];
  signature?: `0x${string}`;
  error?: { message: string; code: string; details?: Record<string, unknown> };
  startedAt: number;
  endedAt?: number;
}

export class SessionTracker {
  private view: SigningSessionView;

  constructor(
    init: { requestId: string; account: string; sigHash: `0x${string}`; arch?: string; maxAttempts: number },
    private readonly publish: (view: SigningSessionView) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.view = {
      ...init,
      attempt: 0,
      status: 'submitting',
      members: [],
      steps: [],
      retries: [],
      startedAt: now(),
    };
  }

  get snapshot(): SigningSessionView {
    return structuredClone(this.view);
  }

  private emit(): void {
    this.publish(this.snapshot);
  }

  startAttempt(attempt: number): void {
    Object.assign(this.view, {
      attempt,
      status: 'submitting',
      members: [],
      steps: [],
      blockNumber: undefined,
    });
    this.beginStep('submit');
  }

  /** Ends the running step (if any) and starts `name`. */
  beginStep(name: StepName): void {
    const at = this.now();
    const open = this.view.steps.at(-1);
    if (open && open.endedAt === undefined) open.endedAt = at;
    this.view.steps.push({ name, startedAt: at });
    this.emit();
  }

  status(status: SessionStatus): void {
    this.view.status = status;
    this.emit();
  }

  committee(blockNumber: number, members: Omit<CommitteeMemberView, 'state'>[]): void {
    this.view.blockNumber = blockNumber;
    this.view.members = members.map((m) => ({ ...m, state: 'selected' }));
    this.emit();
  }

  member(group: number, patch: Partial<CommitteeMemberView>): void {
    // A validator's progress report can trail the end of the run; the outcome already says how it went.
    if (this.view.status === 'done' || this.view.status === 'failed') return;
    const member = this.view.members.find((m) => m.group === group);
    if (!member) return;
    // Validators repeat their status (each subscription, each frame): only a change is news.
    const same = (Object.keys(patch) as (keyof CommitteeMemberView)[]).every(
      (key) => JSON.stringify(member[key]) === JSON.stringify(patch[key]),
    );
    if (same) return;
    Object.assign(member, patch);
    this.emit();
  }

  /**
   * A member's verdict on the request. Its status comes on another connection and may be here first: a
   * member already running the protocol keeps its round, and only gains the results.
   */
  verdict(group: number, accepted: boolean, constraintResults: ConstraintResult[]): void {
    const member = this.view.members.find((m) => m.group === group);
    const running = member?.state === 'running';
    this.member(group, {
      ...(accepted && running ? {} : { state: accepted ? 'constraints-passed' : 'constraints-failed' }),
      constraintResults,
    });
  }

  /** The attempt failed with blame: the next attempt runs with the chain's new committee. */
  retrying(blamed: { party: string; reason: string }[]): void {
    this.view.retries.push({
      attempt: this.view.attempt,
      blockNumber: this.view.blockNumber,
      blamed: blamed.map((b) => {
        const member = this.view.members.find((m) => groupPartyId(m.group) === b.party);
        return member ? { ...b, group: member.group, stash: member.stash, endpoint: member.endpoint } : b;
      }),
    });
    this.emit();
  }

  done(signature: `0x${string}`): void {
    this.closeSteps();
    Object.assign(this.view, { status: 'done', signature, endedAt: this.now() });
    for (const member of this.view.members) if (member.state !== 'blamed') member.state = 'done';
    this.emit();
  }

  failed(error: { message: string; code: string; details?: Record<string, unknown> }): void {
    this.closeSteps();
    Object.assign(this.view, { status: 'failed', error, endedAt: this.now() });
    this.emit();
  }

  private closeSteps(): void {
    const open = this.view.steps.at(-1);
    if (open && open.endedAt === undefined) open.endedAt = this.now();
  }
}
