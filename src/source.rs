//! TEMPORARY STUB
use crate::diag::Sink;
pub fn normalize(bytes: &[u8], _sink: &mut Sink) -> String {
    String::from_utf8_lossy(bytes).replace("\r\n", "\n")
}
