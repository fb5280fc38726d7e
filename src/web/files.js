// SHA-256 of a Blob by WebCrypto, as lower-case hex: the hash recorded on evidence
// records and checked when a file is read back.

export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
