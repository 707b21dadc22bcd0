// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

interface IEdgeEscrowDeposit {
    function deposit(string calldata marketAccount, uint256 amount) external;
}

/// @notice An ERC-20 that misbehaves on demand, for the escrow's tests (SECURITY.md row 32):
/// mode 1 answers false to transferFrom without moving anything, 2 keeps a 10% fee on
/// transferFrom, 3 calls the escrow's deposit again from inside transferFrom, 4 answers false to
/// transfer.
contract OddToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint8 public mode;
    address public escrow;

    function setMode(uint8 mode_, address escrow_) external {
        mode = mode_;
        escrow = escrow_;
    }

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        if (mode == 4) {
            return false;
        }
        _move(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        if (mode == 1) {
            return false;
        }
        require(allowance[from][msg.sender] >= amount, "OddToken: allowance");
        allowance[from][msg.sender] -= amount;
        if (mode == 2) {
            uint256 fee = amount / 10;
            balanceOf[from] -= fee;
            _move(from, to, amount - fee);
        } else {
            _move(from, to, amount);
        }
        if (mode == 3) {
            mode = 0; // once: the nested deposit's own transferFrom behaves
            balanceOf[address(this)] += 1;
            allowance[address(this)][escrow] = 1;
            IEdgeEscrowDeposit(escrow).deposit("nested@ConsumersMSP", 1);
        }
        return true;
    }

    function _move(address from, address to, uint256 amount) private {
        require(balanceOf[from] >= amount, "OddToken: balance");
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}
