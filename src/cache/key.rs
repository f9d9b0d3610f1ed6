//! The per-user key that authenticates cache files, and the tag format: the first line of a
//! cache file is the hex HMAC-SHA-256 of the rest under that key.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::hex;

const TAG_HEX: usize = 64;

/// `$XDG_CACHE_HOME/privlint/cache-key`, else `~/.cache/privlint/cache-key` (on Windows
/// `%LOCALAPPDATA%\privlint\cache-key`): outside any scanned tree, private to the user.
fn key_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("LOCALAPPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("privlint").join("cache-key"))
}

/// The user's key, created on first use; `None` where it can be neither read nor made.
pub fn user_key() -> Option<[u8; 32]> {
    let path = key_path()?;
    if let Some(k) = std::fs::read(&path).ok().and_then(|b| b.try_into().ok()) {
        return Some(k);
    }
    std::fs::create_dir_all(path.parent()?).ok()?;
    let k = fresh_key();
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let _ = std::fs::remove_file(&tmp);
    std::io::Write::write_all(&mut opts.open(&tmp).ok()?, &k).ok()?;
    // Two first runs at once: the first rename wins and both read its key.
    if std::fs::hard_link(&tmp, &path).is_err() && !path.exists() {
        let _ = std::fs::remove_file(&tmp);
        return None;
    }
    let _ = std::fs::remove_file(&tmp);
    std::fs::read(&path).ok()?.try_into().ok()
}

/// 32 bytes from the operating system's generator, mixed with process-specific values in
/// case it cannot be read.
fn fresh_key() -> [u8; 32] {
    use std::hash::{BuildHasher, Hasher};
    let mut h = Sha256::new();
    let mut os = [0u8; 32];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        let _ = std::io::Read::read_exact(&mut f, &mut os);
    }
    h.update(os);
    for _ in 0..4 {
        let mut s = std::collections::hash_map::RandomState::new().build_hasher();
        s.write_u32(std::process::id());
        h.update(s.finish().to_le_bytes());
    }
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.update(t.as_nanos().to_le_bytes());
    }
    h.finalize().into()
}

fn hmac(key: &[u8; 32], msg: &[u8]) -> [u8; 32] {
    let pad = |b: u8| {
        let mut p = [b; 64];
        p.iter_mut().zip(key).for_each(|(p, k)| *p ^= k);
        p
    };
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// `body` with its tag line in front.
pub fn sealed(key: &[u8; 32], body: &[u8]) -> Vec<u8> {
    let mut out = hex(&hmac(key, body)).into_bytes();
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// The body of a sealed file whose tag verifies under `key`.
pub fn verified<'a>(key: &[u8; 32], file: &'a [u8]) -> Option<&'a [u8]> {
    let (tag, body) = (file.get(..TAG_HEX)?, file.get(TAG_HEX + 1..)?);
    let expected = hex(&hmac(key, body));
    // Equal lengths; a comparison that stops early leaks nothing an attacker with the file
    // could not compute anyway without the key.
    (file[TAG_HEX] == b'\n' && tag == expected.as_bytes()).then_some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_body_verifies_only_unchanged_and_under_its_key() {
        let k = [7u8; 32];
        let s = sealed(&k, b"{\"a\":1}");
        assert_eq!(verified(&k, &s), Some(&b"{\"a\":1}"[..]));
        let mut edited = s.clone();
        *edited.last_mut().unwrap() = b'2';
        assert_eq!(verified(&k, &edited), None);
        assert_eq!(verified(&[8u8; 32], &s), None);
        assert_eq!(verified(&k, b"short"), None);
    }

    #[test]
    fn hmac_matches_pythons_hmac_module() {
        // HMAC-SHA-256 of "" under 32 zero bytes (computed by Python's hmac module).
        assert_eq!(
            hex(&hmac(&[0u8; 32], b"")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        );
    }
}
