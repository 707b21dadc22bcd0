// A receipt's Merkle inclusion, checked in the page with the browser's own SHA-256 (WebCrypto):
// from the receipt's signed bytes and signature up to the root the ledger recorded for its batch,
// with the hashing of model's MerkleTree (leaf: SHA-256(0x00 || leaf), node: SHA-256(0x01 || left ||
// right), an odd node promoted unchanged, so that level has no step). Nothing the broker computed
// is taken for the result: its hashes are only what each level is compared with.

const encoder = new TextEncoder();

export function hexToBytes(hex) {
  if (typeof hex !== "string" || hex.length % 2 !== 0 || /[^0-9a-f]/i.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function base64ToBytes(text) {
  if (!text) return new Uint8Array(0);
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array(0);
  }
}

async function sha256(...parts) {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", all));
}

const same = (a, b) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/**
 * Climbs the proof and reports each step: { label, detail, computed, expected, ok }, and overall
 * ok only when the climb from the receipt's own bytes reaches the recorded root. Throws when the
 * page cannot hash (no WebCrypto outside a secure context).
 */
export async function verifyProof(proof) {
  if (!globalThis.crypto?.subtle) {
    throw new Error("this page cannot hash here (WebCrypto needs HTTPS or loopback)");
  }
  const steps = [];
  const leaf = await sha256(encoder.encode(proof.signedPayload), base64ToBytes(proof.signature));
  const leafHex = bytesToHex(leaf);
  steps.push({
    label: "Leaf",
    detail: "SHA-256 of the receipt's signed bytes and its signature, against the leaf the batch recorded at index " + proof.leafIndex,
    computed: leafHex,
    expected: proof.batchLeaf,
    ok: same(leafHex, proof.batchLeaf),
  });
  let node = await sha256(new Uint8Array([0]), leaf);
  steps.push({
    label: "Leaf node",
    detail: "SHA-256 of 0x00 and the leaf",
    computed: bytesToHex(node),
    expected: proof.leafNodeHex,
    ok: same(bytesToHex(node), proof.leafNodeHex),
  });
  for (const step of proof.steps) {
    const sibling = hexToBytes(step.siblingHex);
    if (!sibling) {
      steps.push({ label: "Level " + step.level, detail: "unreadable sibling", computed: "", expected: step.expectedHex, ok: false });
      return { steps, ok: false, root: "" };
    }
    node = step.siblingLeft
      ? await sha256(new Uint8Array([1]), sibling, node)
      : await sha256(new Uint8Array([1]), node, sibling);
    const hex = bytesToHex(node);
    steps.push({
      label: "Level " + step.level,
      detail: "SHA-256 of 0x01, " + (step.siblingLeft ? "the sibling " + step.siblingHex + " then the node below" : "the node below then the sibling " + step.siblingHex),
      computed: hex,
      expected: step.expectedHex,
      ok: same(hex, step.expectedHex),
    });
  }
  const root = bytesToHex(node);
  const ok = same(root, proof.merkleRoot);
  steps.push({
    label: "Root",
    detail: "the top of the climb, against the root the ledger recorded for the batch",
    computed: root,
    expected: proof.merkleRoot,
    ok,
  });
  return { steps, ok, root };
}
