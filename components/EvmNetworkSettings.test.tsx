// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinEvmNetworks } from '../lib/settings/evm-networks';
import type { EvmNetwork } from '../lib/settings/types';
import { EvmNetworkSettings } from './EvmNetworkSettings';

afterEach(cleanup);

const ANVIL = 'http://127.0.0.1:42605';

function form(networks: EvmNetwork[], onSave: (networks: EvmNetwork[]) => Promise<boolean>) {
  return <EvmNetworkSettings networks={networks} defaultChainId={31337} onSave={onSave} />;
}

describe('EvmNetworkSettings', () => {
  it('saves a network’s RPC and says so once the wallet’s settings carry it', async () => {
    const networks = builtinEvmNetworks();
    const onSave = vi.fn(() => Promise.resolve(true));
    const { rerender } = render(form(networks, onSave));
    const field = screen.getByLabelText('Local devnet (anvil) (31337) RPC');
    fireEvent.change(field, { target: { value: ` ${ANVIL} ` } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save the RPC of Local devnet (anvil)' }));
    });
    const saved = networks.map((n) => (n.chainId === 31337 ? { ...n, rpcUrl: ANVIL } : n));
    expect(onSave).toHaveBeenCalledWith(saved);
    // The popup's snapshot brings the stored settings back: the form keeps its confirmation.
    rerender(form(saved, onSave));
    expect(screen.getByLabelText('Local devnet (anvil) (31337) RPC')).toHaveProperty('value', ANVIL);
    expect(screen.getAllByRole('status')[0]?.textContent).toBe('Saved');
  });

  it('shows an RPC changed elsewhere instead of a stale draft', () => {
    const networks = builtinEvmNetworks();
    const { rerender } = render(form(networks, () => Promise.resolve(true)));
    rerender(
      form(
        networks.map((n) => (n.chainId === 1 ? { ...n, rpcUrl: 'https://rpc.example' } : n)),
        vi.fn(),
      ),
    );
    expect(screen.getByLabelText('Ethereum (1) RPC')).toHaveProperty('value', 'https://rpc.example');
  });
});
