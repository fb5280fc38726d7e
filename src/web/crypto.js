// WebCrypto for encryption at rest (the formats and rules are in src/crypto/mod.rs).
// Kept small: PBKDF2 key derivation, AES-256-GCM with associated data, and batch
// sealing of stored values so a workspace of thousands of records opens in one pass.

const VERSION = 1; // crypto::FORMAT_V1
const NONCE = 12; // crypto::NONCE_LEN

export function randomBytes(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

// A non-extractable AES-256-GCM key from a passphrase (PBKDF2-SHA-256).
export async function deriveKey(secret, salt, iterations) {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

// A non-extractable AES-256-GCM key from its 32 raw bytes (the unwrapped data key).
export function importKey(raw) {
  return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

export async function encrypt(key, nonce, aad, plain) {
  return new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce, additionalData: aad }, key, plain));
}

// Rejects with an OperationError when the ciphertext, nonce or associated data changed.
export async function decrypt(key, nonce, aad, ciphertext) {
  return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce, additionalData: aad }, key, ciphertext));
}

// Seals each value (as its JSON text) with its associated data: version, fresh nonce,
// ciphertext and tag in one Uint8Array, the layout of crypto::frame.
export function sealValues(key, aads, values) {
  const encoder = new TextEncoder();
  return Promise.all(values.map(async (value, i) => {
    const nonce = randomBytes(NONCE);
    const plain = value instanceof Uint8Array ? value : encoder.encode(JSON.stringify(value));
    const sealed = await encrypt(key, nonce, aads[i], plain);
    const out = new Uint8Array(1 + NONCE + sealed.length);
    out[0] = VERSION;
    out.set(nonce, 1);
    out.set(sealed, 1 + NONCE);
    return out;
  }));
}

// Opens what sealValues wrote; `asBytes` gives the bytes instead of the parsed JSON. A
// value that does not open (changed, moved, another key) is `null`, for the caller to
// report with the record's name.
export function openValues(key, aads, sealed, asBytes) {
  const decoder = new TextDecoder();
  return Promise.all(sealed.map(async (bytes, i) => {
    if (!(bytes instanceof Uint8Array) || bytes.length < 1 + NONCE + 16 || bytes[0] !== VERSION) return null;
    try {
      const plain = await decrypt(key, bytes.subarray(1, 1 + NONCE), aads[i], bytes.subarray(1 + NONCE));
      return asBytes ? plain : JSON.parse(decoder.decode(plain));
    } catch {
      return null;
    }
  }));
}
