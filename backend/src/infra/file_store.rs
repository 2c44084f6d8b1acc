//! The file store: uploaded documents under `<data dir>/files`, written atomically (temporary
//! file, fsync, rename) and addressed by an opaque key. An object store can replace it behind the
//! same three calls (`put_from`, `open`, `delete`).

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Why storing a file failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The content is larger than allowed.
    #[error("is larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// Disk trouble (logged; shown as INTERNAL).
    #[error("file store: {0}")]
    Io(#[from] std::io::Error),
}

/// A file that was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Key to open or delete it.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

/// Files under a root folder.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    /// A store under `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path_of(&self, key: &str) -> Option<PathBuf> {
        // Keys are made by us (`<tenant>/<uuid>`); refuse anything that could escape the root.
        let ok = !key.is_empty()
            && key.split('/').all(|part| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            });
        ok.then(|| self.root.join(key))
    }

    /// Copies `reader` into the store under `key`, at most `limit` bytes, hashing as it goes.
    /// Blocking: call it from `spawn_blocking`.
    pub fn put_from(
        &self,
        key: &str,
        reader: &mut dyn Read,
        limit: u64,
    ) -> Result<Stored, StoreError> {
        let path = self
            .path_of(key)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "bad key"))?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4()));
        let result = (|| {
            let mut out = File::create(&tmp)?;
            let mut hasher = Sha256::new();
            let mut size: u64 = 0;
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = reader.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                size += n as u64;
                if size > limit {
                    return Err(StoreError::TooLarge { limit });
                }
                let chunk = buf.get(..n).unwrap_or_default();
                hasher.update(chunk);
                out.write_all(chunk)?;
            }
            out.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            sync_dir(&dir);
            Ok(Stored {
                key: key.to_string(),
                size,
                sha256: hex::encode(hasher.finalize()),
            })
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Opens a stored file.
    pub fn open(&self, key: &str) -> std::io::Result<File> {
        let path = self
            .path_of(key)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "bad key"))?;
        File::open(path)
    }

    /// Removes a stored file (used to undo a write whose transaction failed).
    pub fn delete(&self, key: &str) {
        if let Some(path) = self.path_of(key) {
            let _ = std::fs::remove_file(path);
        }
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// fsync of the folder so the rename itself survives a crash.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_stored_hashed_and_limited() {
        let root = std::env::temp_dir().join(format!("motcua-fs-{}", uuid::Uuid::new_v4()));
        let store = FileStore::new(&root);
        let stored = store.put_from("7/abc", &mut &b"hello"[..], 10).unwrap();
        assert_eq!(stored.size, 5);
        assert_eq!(
            stored.sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        let mut text = String::new();
        store
            .open("7/abc")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "hello");
        assert!(matches!(
            store.put_from("7/big", &mut &[0u8; 11][..], 10),
            Err(StoreError::TooLarge { .. })
        ));
        assert!(
            store.open("7/big").is_err(),
            "nothing is left of a refused file"
        );
        assert!(store.put_from("../escape", &mut &b"x"[..], 10).is_err());
        assert!(store.put_from("7/../../x", &mut &b"x"[..], 10).is_err());
        let _ = std::fs::remove_dir_all(root);
    }
}
