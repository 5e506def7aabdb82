//! One slide of arbitrary HTML through the markup stage (sanitizer, fragment
//! parser, attribute comments, serialisation).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        deckport::fuzzing::html_fragment(text);
    }
});
