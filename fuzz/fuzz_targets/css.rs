//! A deck's `<style>` with arbitrary CSS through the engine and the walker.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        deckport::fuzzing::css(text);
    }
});
