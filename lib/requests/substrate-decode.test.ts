import { Keyring } from '@polkadot/keyring';
import { describe, expect, it } from 'vitest';
import { decodeSubstratePayload, undecodedSubstratePayload } from './substrate-decode';
import { parseSubstratePayload } from './substrate';
import type { SubstratePayloadJson } from './types';
import { devChain } from '../chain/test-support';

describe('Substrate payloads decoded with the connected chain’s metadata', () => {
  const net = devChain();
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');

  /** What polkadot-js' `signer.signPayload` receives for a transfer of 12.5 BITS to Bob. */
  async function transferPayload(
    overrides: Partial<SubstratePayloadJson> = {},
  ): Promise<SubstratePayloadJson> {
    const header = await net.api.rpc.chain.getHeader();
    const era = net.api.registry.createType('ExtrinsicEra', {
      current: header.number.toNumber(),
      period: 64,
    });
    const payload = net.api.registry.createType('SignerPayload', {
      address: alice.address,
      blockHash: header.hash,
      blockNumber: header.number,
      era,
      genesisHash: net.api.genesisHash,
      method: net.api.tx.balances.transferKeepAlive(bob.address, 125_000_000_000n).method.toHex(),
      nonce: 7,
      runtimeVersion: net.api.runtimeVersion,
      signedExtensions: net.api.registry.signedExtensions,
      tip: 10_000_000n,
      version: net.api.extrinsicVersion,
    });
    return parseSubstratePayload({ ...payload.toPayload(), ...overrides });
  }

  it('names the pallet and call, shows the amount in BITS and the recipient, the tip, nonce and era', async () => {
    const payload = await transferPayload();
    const decoded = decodeSubstratePayload(payload, net.api);
    expect(decoded.call).toMatchObject({ section: 'balances', method: 'transferKeepAlive' });
    expect(decoded.call!.args).toEqual([
      { name: 'dest', type: expect.any(String), value: { kind: 'address', address: bob.address } },
      {
        name: 'value',
        type: expect.any(String),
        value: { kind: 'amount', planck: '125000000000', formatted: '12.5 BITS' },
      },
    ]);
    expect(decoded.tip).toBe('0.001 BITS');
    expect(decoded.nonce).toBe(7);
    expect(decoded.era).toMatchObject({ mortal: true, period: 64 });
    expect(decoded.chain).toBe(net.api.runtimeChain.toString());
    expect(decoded.warnings).toEqual([]);
  });

  it('warns when the payload is for another chain or runtime, and does not pretend to decode it', async () => {
    const otherGenesis = `0x${'ab'.repeat(32)}` as const;
    const decoded = decodeSubstratePayload(await transferPayload({ genesisHash: otherGenesis }), net.api);
    expect(decoded.call).toBeUndefined();
    expect(decoded.decodeError).toMatch(/not decoded/);
    expect(decoded.warnings[0]).toMatch(/for another chain \(genesis 0xabababab…ababab\)/);

    const spec = net.api.runtimeVersion.specVersion.toNumber();
    const stale = decodeSubstratePayload(
      await transferPayload({ specVersion: `0x${(spec + 1).toString(16)}` }),
      net.api,
    );
    expect(stale.call?.method).toBe('transferKeepAlive');
    expect(stale.warnings).toEqual([expect.stringContaining(`built for runtime version ${spec + 1}`)]);
  });

  it('shows an immortal transaction as such, and an unreachable chain as undecoded with the reason', async () => {
    const immortal = decodeSubstratePayload(await transferPayload({ era: '0x00' }), net.api);
    expect(immortal.era).toEqual({ mortal: false });
    expect(immortal.warnings).toEqual([expect.stringContaining('never expires')]);

    const offline = undecodedSubstratePayload(await transferPayload(), 'the chain did not answer in time');
    expect(offline.call).toBeUndefined();
    expect(offline.era).toMatchObject({ mortal: true, period: 64 });
    expect(offline.warnings[0]).toContain('could not reach the chain');
  });
});
