//! The sealed format (src/crypto) under a real AES-256-GCM: the browser seals with
//! WebCrypto, and this test seals the same bytes the same way natively, so that every
//! changed bit of a stored value and every value moved to another record is shown to be
//! refused. (The browser test `encrypted_workspace` repeats this with WebCrypto.)

#![cfg(not(target_arch = "wasm32"))]

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use isms_audit::crypto::{self, NONCE_LEN};

/// SplitMix64: a fixed sequence, so a failure repeats (no secrecy is needed here).
struct TestRng(u64);

impl TestRng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn fill_bytes(&mut self, out: &mut [u8]) {
        for b in out {
            *b = self.next_u64() as u8;
        }
    }
}

/// Seals as `web::crypto::seal` does: fresh nonce, GCM with the associated data, framed.
fn seal(cipher: &Aes256Gcm, rng: &mut TestRng, aad: &[u8], plain: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    rng.fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad })
        .unwrap();
    crypto::frame(&nonce, &sealed)
}

/// Opens as `web::crypto::open` does; `None` when the value is refused.
fn open(cipher: &Aes256Gcm, aad: &[u8], stored: &[u8]) -> Option<Vec<u8>> {
    let parts = crypto::unframe(stored).ok()?;
    cipher
        .decrypt(
            Nonce::from_slice(parts.nonce),
            Payload {
                msg: parts.ciphertext,
                aad,
            },
        )
        .ok()
}

fn rng() -> TestRng {
    TestRng(0x1505_2026)
}

fn cipher(rng: &mut TestRng) -> Aes256Gcm {
    let mut key = [0u8; crypto::KEY_LEN];
    rng.fill_bytes(&mut key);
    Aes256Gcm::new_from_slice(&key).unwrap()
}

const FINDING: &[u8] =
    br#"{"id":"f-1","auditId":"a-1","statement":"Backups are not tested","grade":"major"}"#;

#[test]
fn ten_thousand_single_bit_flips_are_all_refused() {
    let mut rng = rng();
    let cipher = cipher(&mut rng);
    let aad = crypto::record_aad("findings", "f-1");
    let stored = seal(&cipher, &mut rng, &aad, FINDING);
    assert_eq!(open(&cipher, &aad, &stored).as_deref(), Some(FINDING));
    let bits = stored.len() * 8;
    let mut refused = 0;
    for _ in 0..10_000 {
        let bit = (rng.next_u64() % bits as u64) as usize;
        let mut changed = stored.clone();
        changed[bit / 8] ^= 1 << (bit % 8);
        if open(&cipher, &aad, &changed).is_none() {
            refused += 1;
        }
    }
    assert_eq!(refused, 10_000);
}

#[test]
fn every_bit_of_a_value_is_covered() {
    // Each single bit once, over version, nonce, ciphertext and tag.
    let mut rng = rng();
    let cipher = cipher(&mut rng);
    let aad = crypto::record_aad("journal", "7");
    let stored = seal(&cipher, &mut rng, &aad, FINDING);
    for bit in 0..stored.len() * 8 {
        let mut changed = stored.clone();
        changed[bit / 8] ^= 1 << (bit % 8);
        assert!(open(&cipher, &aad, &changed).is_none(), "bit {bit} passed");
    }
}

#[test]
fn swapped_records_and_a_moved_value_are_refused() {
    let mut rng = rng();
    let cipher = cipher(&mut rng);
    let (a, b) = (
        crypto::record_aad("findings", "f-1"),
        crypto::record_aad("findings", "f-2"),
    );
    let sealed_a = seal(&cipher, &mut rng, &a, FINDING);
    let sealed_b = seal(&cipher, &mut rng, &b, b"{\"id\":\"f-2\"}");
    // Swapped: each record's place now holds the other's ciphertext.
    assert!(open(&cipher, &a, &sealed_b).is_none());
    assert!(open(&cipher, &b, &sealed_a).is_none());
    // Moved to another store under the same id, or to the wrapping of the data key.
    assert!(open(&cipher, &crypto::record_aad("audits", "f-1"), &sealed_a).is_none());
    assert!(
        open(
            &cipher,
            &crypto::wrap_aad(crypto::WrappedBy::Passphrase),
            &sealed_a
        )
        .is_none()
    );
    // Two seals of the same value differ (a fresh nonce each time).
    assert_ne!(sealed_a, seal(&cipher, &mut rng, &a, FINDING));
}

#[test]
fn a_value_sealed_under_another_key_is_refused() {
    let mut rng = rng();
    let (one, other) = (cipher(&mut rng), cipher(&mut rng));
    let aad = crypto::wrap_aad(crypto::WrappedBy::Passphrase);
    let sealed = seal(&one, &mut rng, &aad, &[9; 32]);
    assert!(open(&other, &aad, &sealed).is_none());
}

#[test]
fn short_passphrases_are_refused_with_the_field_named() {
    let e = crypto::check_passphrase("too short").unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_value");
    assert_eq!(e.field.as_deref(), Some("passphrase"));
    assert!(crypto::check_passphrase("correct horse battery").is_ok());
    // The wrong-passphrase error says nothing about why.
    assert_eq!(crypto::wrong_secret().code.as_str(), "wrong_passphrase");
}
