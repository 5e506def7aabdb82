//! A Gaussian blur approximated by three box blurs, for blurred text shadows.
//!
//! CSS gives a shadow's blur as a radius equal to twice the Gaussian's standard
//! deviation; three successive box blurs of the width below come within a few per
//! cent of that Gaussian. Works on premultiplied RGBA, so colour and coverage blur
//! together.

use tiny_skia::Pixmap;

/// Blurs the pixmap in place with a CSS blur radius in pixels.
pub(crate) fn blur(pixmap: &mut Pixmap, radius: f32) {
    let sigma = radius / 2.0;
    if !(sigma.is_finite() && sigma >= 0.5) {
        return;
    }
    // The box width whose three passes match the Gaussian's variance.
    let width = ((12.0 * sigma * sigma / 3.0 + 1.0).sqrt().round() as usize).max(1);
    let half = width / 2;
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let data = pixmap.data_mut();
    let mut line = Vec::new();
    for _ in 0..3 {
        for y in 0..h {
            pass(data, y * w * 4, 4, w, half, &mut line);
        }
        for x in 0..w {
            pass(data, x * 4, w * 4, h, half, &mut line);
        }
    }
}

/// One box pass along a row or column: `n` pixels from `start`, `step` bytes apart.
fn pass(data: &mut [u8], start: usize, step: usize, n: usize, half: usize, line: &mut Vec<u32>) {
    line.clear();
    line.extend((0..n).flat_map(|i| {
        let at = start + i * step;
        [0, 1, 2, 3].map(|c| u32::from(data[at + c]))
    }));
    let div = (2 * half + 1) as u32;
    let mut sums = [0u32; 4];
    // The window starts at -half..=half; pixels outside the buffer count as transparent.
    for i in 0..=half.min(n.saturating_sub(1)) {
        for c in 0..4 {
            sums[c] += line[i * 4 + c];
        }
    }
    for i in 0..n {
        let at = start + i * step;
        for c in 0..4 {
            data[at + c] = ((sums[c] + div / 2) / div).min(255) as u8;
        }
        let enter = i + half + 1;
        if enter < n {
            for c in 0..4 {
                sums[c] += line[enter * 4 + c];
            }
        }
        if i >= half {
            let leave = i - half;
            for c in 0..4 {
                sums[c] -= line[leave * 4 + c];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dot_spreads_and_keeps_its_total() {
        let mut p = Pixmap::new(41, 41).unwrap();
        let i = (20 * 41 + 20) * 4;
        p.data_mut()[i..i + 4].copy_from_slice(&[255, 255, 255, 255]);
        let mut q = p.clone();
        for px in q.data_mut().chunks_exact_mut(4) {
            px.copy_from_slice(&[0, 0, 0, 0]);
        }
        let before: u32 = p
            .data()
            .iter()
            .skip(3)
            .step_by(4)
            .map(|&a| u32::from(a))
            .sum();
        blur(&mut p, 6.0);
        let after: u32 = p
            .data()
            .iter()
            .skip(3)
            .step_by(4)
            .map(|&a| u32::from(a))
            .sum();
        assert!(p.data()[i + 3] < 255, "the centre fades");
        assert!(
            p.data()[((20 * 41) + 23) * 4 + 3] > 0,
            "the neighbourhood gains"
        );
        // Rounding per pass loses or gains a little, never much.
        assert!(after.abs_diff(before) < 40, "{before} → {after}");
        blur(&mut q, 6.0);
        assert!(q.data().iter().all(|&v| v == 0));
    }
}
