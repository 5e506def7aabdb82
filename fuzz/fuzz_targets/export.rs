//! The whole export on arbitrary bytes: every stage, then PDF, PPTX and PNG.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    deckport::fuzzing::export(data);
});
