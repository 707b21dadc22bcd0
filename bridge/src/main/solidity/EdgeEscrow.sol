// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @dev The part of ERC-20 the escrow uses. Calls go through _callToken, which also accepts tokens
/// that return nothing instead of true.
interface IERC20 {
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @title EdgeMarket's escrow and bridge on an EVM chain (docs/bridge.md, "On chain").
/// @notice Holds one ERC-20 token. Deposits name the market account to credit; withdrawals are paid
/// against a statement signed by the market's bridge key, each nonce once; the bridge key also
/// anchors the market's settlement roots, one root per height for good.
contract EdgeEscrow {
    /// @notice Domain tag of a withdrawal statement, so that nothing else the bridge key signs
    /// can be presented as one.
    bytes32 public constant WITHDRAWAL_TAG = keccak256(
        "EdgeEscrow.withdraw(string marketAccount,address to,uint256 amount,uint256 nonce,uint256 chainId,address escrow)"
    );
    /// @notice Longest market account name a deposit or withdrawal may carry, in UTF-8 bytes.
    uint256 public constant MAX_ACCOUNT_BYTES = 128;
    /// @dev secp256k1's order / 2: a signature with a higher s is the malleated twin of a valid one.
    uint256 private constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    IERC20 public immutable token;
    address public immutable bridgeSigner;
    mapping(uint256 => bool) public usedNonce;
    mapping(uint256 => bytes32) public anchors;
    uint256 private entered = 1;

    event Deposited(string marketAccount, address indexed from, uint256 amount);
    event Withdrawn(string marketAccount, address indexed to, uint256 amount, uint256 indexed nonce);
    event Anchored(uint256 indexed height, bytes32 root);

    /// @dev A token that calls back (ERC-777 hooks) must not nest a deposit inside another: the
    /// outer one would count the inner one's tokens as its own.
    modifier nonReentrant() {
        require(entered == 1, "EdgeEscrow: reentered");
        entered = 2;
        _;
        entered = 1;
    }

    constructor(address token_, address bridgeSigner_) {
        require(token_.code.length > 0, "EdgeEscrow: token is no contract");
        require(bridgeSigner_ != address(0), "EdgeEscrow: zero bridge signer");
        token = IERC20(token_);
        bridgeSigner = bridgeSigner_;
    }

    /// @notice Moves `amount` tokens (approved beforehand) from the caller into escrow and credits
    /// them to `marketAccount`: the event carries what the escrow really received.
    function deposit(string calldata marketAccount, uint256 amount) external nonReentrant {
        _checkAccount(marketAccount);
        require(amount > 0, "EdgeEscrow: zero amount");
        uint256 before = token.balanceOf(address(this));
        _callToken(
            abi.encodeCall(IERC20.transferFrom, (msg.sender, address(this), amount)), "EdgeEscrow: transferFrom failed"
        );
        uint256 received = token.balanceOf(address(this)) - before;
        require(received > 0, "EdgeEscrow: nothing received");
        emit Deposited(marketAccount, msg.sender, received);
    }

    /// @notice Pays `amount` to `to` for `marketAccount` against the bridge key's signature over
    /// withdrawalDigest(...); anyone may submit it, and each nonce pays once.
    function withdraw(
        string calldata marketAccount,
        address to,
        uint256 amount,
        uint256 nonce,
        bytes calldata signature
    ) external nonReentrant {
        _checkAccount(marketAccount);
        require(to != address(0), "EdgeEscrow: zero recipient");
        require(amount > 0, "EdgeEscrow: zero amount");
        require(!usedNonce[nonce], "EdgeEscrow: nonce used");
        bytes32 digest = withdrawalDigest(marketAccount, to, amount, nonce);
        require(_recover(digest, signature) == bridgeSigner, "EdgeEscrow: not signed by the bridge");
        usedNonce[nonce] = true;
        emit Withdrawn(marketAccount, to, amount, nonce);
        _callToken(abi.encodeCall(IERC20.transfer, (to, amount)), "EdgeEscrow: transfer failed");
    }

    /// @notice What the bridge key signs (with the EIP-191 prefix) for a withdrawal: bound to this
    /// chain and this contract, so a statement cannot be replayed on another of either.
    function withdrawalDigest(string calldata marketAccount, address to, uint256 amount, uint256 nonce)
        public
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(WITHDRAWAL_TAG, marketAccount, to, amount, nonce, block.chainid, address(this)));
    }

    /// @notice Records the market's settlement root at `height`. Only the bridge key may; the same
    /// root again changes nothing, another root for an anchored height is refused.
    function anchor(uint256 height, bytes32 root) external {
        require(msg.sender == bridgeSigner, "EdgeEscrow: not the bridge");
        require(root != bytes32(0), "EdgeEscrow: zero root");
        bytes32 known = anchors[height];
        if (known == root) {
            return;
        }
        require(known == bytes32(0), "EdgeEscrow: height anchored");
        anchors[height] = root;
        emit Anchored(height, root);
    }

    function _checkAccount(string calldata marketAccount) private pure {
        uint256 length = bytes(marketAccount).length;
        require(length > 0 && length <= MAX_ACCOUNT_BYTES, "EdgeEscrow: bad market account");
    }

    function _recover(bytes32 digest, bytes calldata signature) private pure returns (address) {
        require(signature.length == 65, "EdgeEscrow: bad signature length");
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        require(uint256(s) <= HALF_ORDER, "EdgeEscrow: high s");
        require(v == 27 || v == 28, "EdgeEscrow: bad v");
        address signer = ecrecover(keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", digest)), v, r, s);
        require(signer != address(0), "EdgeEscrow: bad signature");
        return signer;
    }

    /// @dev ERC-20 calls whose failure is a revert, a false, or (for tokens without return values)
    /// nothing at all; the token's code was checked in the constructor.
    function _callToken(bytes memory data, string memory failure) private {
        (bool ok, bytes memory answer) = address(token).call(data);
        require(ok && (answer.length == 0 || (answer.length >= 32 && abi.decode(answer, (bool)))), failure);
    }
}
