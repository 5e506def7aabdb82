//! Packs the large fallback fonts (CJK, emoji) with deflate, so they cost the
//! binary about half their size; `src/fonts.rs` inflates one only when a deck
//! has a character that needs it.

use std::io::Write;
use std::path::Path;

/// Fonts stored packed: drawn only for characters the always-loaded faces lack.
const PACKED: [&str; 2] = ["WenQuanYiMicroHei.ttf", "TwemojiMozilla.ttf"];

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    for file in PACKED {
        let source = Path::new("fonts").join(file);
        println!("cargo::rerun-if-changed={}", source.display());
        let bytes = std::fs::read(&source)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
        let mut packer =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        packer.write_all(&bytes).expect("deflate into memory");
        let packed = packer.finish().expect("deflate into memory");
        let target = Path::new(&out).join(format!("{file}.deflate"));
        std::fs::write(&target, packed)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
    }
}
