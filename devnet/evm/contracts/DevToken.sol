// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// The devnet's ERC-20: OpenZeppelin's token with 6 decimals (like USDC), so amounts shown in token units
/// differ visibly from wei. The whole supply goes to the deployer, which serves the devnet faucet.
contract DevToken is ERC20 {
    constructor(uint256 supply) ERC20("Entropy Devnet Dollar", "eUSD") {
        _mint(msg.sender, supply);
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
