//! The limits on what a plan may make the reader read and keep: its bytes,
//! and how many module calls, kept resources and root variables. (Nesting
//! depth is bounded by serde_json's recursion limit, 128 levels.) A plan
//! past one is an error naming the limit, never a slow run or a crash.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

/// How much of a plan is read and kept.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_calls: usize,
    pub max_kept_resources: usize,
    pub max_variables: usize,
}

impl Default for Limits {
    /// A plan of a monorepo with tens of thousands of resources passes; a
    /// document built to exhaust memory does not.
    fn default() -> Limits {
        Limits {
            max_bytes: 1 << 30,
            max_calls: 10_000,
            max_kept_resources: 100_000,
            max_variables: 10_000,
        }
    }
}

/// A reader that stops with an error past `limit` bytes, and says so in
/// `exceeded` (serde_json turns the error into its own).
pub struct Bounded<R> {
    inner: R,
    left: u64,
    pub exceeded: Rc<Cell<bool>>,
}

impl<R: Read> Bounded<R> {
    pub fn new(inner: R, limit: u64) -> Bounded<R> {
        Bounded {
            inner,
            left: limit,
            exceeded: Rc::new(Cell::new(false)),
        }
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more tells a document of exactly the limit from a longer one.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            self.exceeded.set(true);
            return Err(std::io::Error::other("past the byte limit"));
        }
        let want = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// Counts kept elements against a limit.
pub fn count(counter: &mut usize, limit: usize, what: &str) -> Result<(), String> {
    *counter += 1;
    if *counter > limit {
        return Err(format!(
            "the plan has more than {limit} {what}: past pypi-size's limit for one plan"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_past_the_limit_only() {
        let mut exact = Bounded::new(&b"abcd"[..], 4);
        let mut out = Vec::new();
        exact.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"abcd");
        let mut over = Bounded::new(&b"abcde"[..], 4);
        assert!(over.read_to_end(&mut Vec::new()).is_err());
        assert!(over.exceeded.get());
    }
}
