//! Block classification: the only code that touches every byte.
//!
//! Card numbers are runs of digits with single separators. Rather than
//! visiting every digit run (logs hold one every ten bytes or so), the input
//! is read 64 bytes at a time into bitmasks of digits and separators, and
//! plain bit arithmetic finds the places where a run is long enough to hold
//! a card number. Only those places are walked byte by byte.
//!
//! Identifier shapes (`123-45-6789`, `(212) 555-0147`, `+44…`, `DE89…`) get
//! the same treatment from [`classify_shapes`]: digits, letters and the
//! bytes a phone number opens with, from which the identifier cursor
//! computes where a shape can start with a few shifts and ANDs.
//!
//! x86-64 always has SSE2, so that path needs no detection; where the CPU
//! has AVX2 (detected once at run time, so one binary serves every x86-64
//! machine) the block loops run a copy compiled for AVX2, which classifies a
//! block in two 32-byte halves instead of four 16-byte quarters. The loops
//! are written once, generic over a [`Classifier`]. WebAssembly built
//! with `+simd128` (every current browser and Node runs it; the WASM binding
//! is built that way) uses the 128-bit SIMD instructions, which cannot be
//! detected at run time: a module either validates with them or not. Other
//! targets use a portable loop that the compiler vectorises where it can.

/// Bytes per block; one bit per byte in a `u64`.
pub(crate) const BLOCK: usize = 64;

/// Bitmasks of one block: bit `i` describes byte `i` of the block.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Masks {
    /// ASCII digits.
    pub digits: u64,
    /// Separators allowed inside a card number: space and hyphen.
    pub separators: u64,
}

/// Classifies the 64 bytes of `block`.
#[inline(always)]
pub(crate) fn classify(block: &[u8; BLOCK]) -> Masks {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of the x86-64 baseline, and `block` is 64
        // readable bytes.
        unsafe { classify_sse2(block) }
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        classify_simd128(block)
    }
    #[cfg(not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    )))]
    {
        classify_portable(block)
    }
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn classify_sse2(block: &[u8; BLOCK]) -> Masks {
    // SAFETY: the caller guarantees SSE2 (x86-64 baseline); every load
    // reads 16 bytes inside `block`.
    unsafe {
        use core::arch::x86_64::*;

        let zero = _mm_set1_epi8(b'0' as i8);
        let nine = _mm_set1_epi8(9);
        let space = _mm_set1_epi8(b' ' as i8);
        let dash = _mm_set1_epi8(b'-' as i8);
        let mut masks = Masks::default();
        for lane in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(lane * 16).cast());
            // `byte - '0'` is at most 9, unsigned, exactly for ASCII digits.
            let offset = _mm_sub_epi8(v, zero);
            let digit = _mm_cmpeq_epi8(_mm_min_epu8(offset, nine), offset);
            let separator = _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, dash));
            masks.digits |= u64::from(_mm_movemask_epi8(digit) as u16) << (lane * 16);
            masks.separators |= u64::from(_mm_movemask_epi8(separator) as u16) << (lane * 16);
        }
        masks
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn classify_simd128(block: &[u8; BLOCK]) -> Masks {
    use core::arch::wasm32::*;

    let zero = u8x16_splat(b'0');
    let nine = u8x16_splat(9);
    let space = u8x16_splat(b' ');
    let dash = u8x16_splat(b'-');
    let mut masks = Masks::default();
    for lane in 0..4 {
        // SAFETY: the 16 bytes at `lane * 16` are inside `block`; wasm loads
        // need no alignment.
        let v = unsafe { v128_load(block.as_ptr().add(lane * 16).cast::<v128>()) };
        // `byte - '0'` is at most 9, unsigned, exactly for ASCII digits.
        let digit = u8x16_le(u8x16_sub(v, zero), nine);
        let separator = v128_or(u8x16_eq(v, space), u8x16_eq(v, dash));
        masks.digits |= u64::from(u8x16_bitmask(digit)) << (lane * 16);
        masks.separators |= u64::from(u8x16_bitmask(separator)) << (lane * 16);
    }
    masks
}

#[cfg_attr(
    any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ),
    allow(dead_code)
)]
#[inline(always)]
pub(crate) fn classify_portable(block: &[u8; BLOCK]) -> Masks {
    let mut masks = Masks::default();
    for (i, &byte) in block.iter().enumerate() {
        masks.digits |= u64::from(byte.is_ascii_digit()) << i;
        masks.separators |= u64::from(byte == b' ' || byte == b'-') << i;
    }
    masks
}

/// The instruction set a block loop classifies with. Each loop that touches
/// every block is generic over it and monomorphised once per instruction
/// set, so the classification inlines into the loop.
pub(crate) trait Classifier {
    fn classify(block: &[u8; BLOCK]) -> Masks;
    fn classify_shapes(block: &[u8; BLOCK]) -> ShapeMasks;
    /// The digit mask alone: the cheap first look that lets a cursor pass
    /// over prose.
    fn digits(block: &[u8; BLOCK]) -> u64;
}

/// What every build of the target has: SSE2 on x86-64, SIMD128 on WASM
/// built with it, a portable loop elsewhere.
pub(crate) struct Baseline;

impl Classifier for Baseline {
    #[inline(always)]
    fn classify(block: &[u8; BLOCK]) -> Masks {
        classify(block)
    }

    #[inline(always)]
    fn classify_shapes(block: &[u8; BLOCK]) -> ShapeMasks {
        classify_shapes(block)
    }

    #[inline(always)]
    fn digits(block: &[u8; BLOCK]) -> u64 {
        digits(block)
    }
}

/// AVX2. Only used inside functions compiled with
/// `#[target_feature(enable = "avx2")]` that are called after
/// [`has_avx2`] said yes.
#[cfg(target_arch = "x86_64")]
pub(crate) struct Avx2;

#[cfg(target_arch = "x86_64")]
impl Classifier for Avx2 {
    #[inline(always)]
    fn classify(block: &[u8; BLOCK]) -> Masks {
        // SAFETY: `Avx2` is only used after `has_avx2()` returned true.
        unsafe { classify_avx2(block) }
    }

    #[inline(always)]
    fn classify_shapes(block: &[u8; BLOCK]) -> ShapeMasks {
        // SAFETY: as above.
        unsafe { classify_shapes_avx2(block) }
    }

    #[inline(always)]
    fn digits(block: &[u8; BLOCK]) -> u64 {
        // SAFETY: as above.
        unsafe { digits_avx2(block) }
    }
}

/// Whether this CPU runs AVX2 (detected once, then a cached load).
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn has_avx2() -> bool {
    std::is_x86_feature_detected!("avx2")
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn classify_avx2(block: &[u8; BLOCK]) -> Masks {
    // SAFETY: the caller guarantees AVX2; every load reads 32 bytes inside
    // `block`.
    unsafe {
        use core::arch::x86_64::*;

        let zero = _mm256_set1_epi8(b'0' as i8);
        let nine = _mm256_set1_epi8(9);
        let space = _mm256_set1_epi8(b' ' as i8);
        let dash = _mm256_set1_epi8(b'-' as i8);
        let mut masks = Masks::default();
        for half in 0..2 {
            let v = _mm256_loadu_si256(block.as_ptr().add(half * 32).cast());
            // `byte - '0'` is at most 9, unsigned, exactly for ASCII digits.
            let offset = _mm256_sub_epi8(v, zero);
            let digit = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, nine), offset);
            let separator =
                _mm256_or_si256(_mm256_cmpeq_epi8(v, space), _mm256_cmpeq_epi8(v, dash));
            masks.digits |= u64::from(_mm256_movemask_epi8(digit) as u32) << (half * 32);
            masks.separators |= u64::from(_mm256_movemask_epi8(separator) as u32) << (half * 32);
        }
        masks
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn classify_shapes_avx2(block: &[u8; BLOCK]) -> ShapeMasks {
    // SAFETY: the caller guarantees AVX2; every load reads 32 bytes inside
    // `block`.
    unsafe {
        use core::arch::x86_64::*;

        let zero = _mm256_set1_epi8(b'0' as i8);
        let nine = _mm256_set1_epi8(9);
        let lower_a = _mm256_set1_epi8(b'a' as i8);
        let twenty_five = _mm256_set1_epi8(25);
        let case_bit = _mm256_set1_epi8(0x20);
        // `(` and `+` by their low nibble: the table holds the byte each
        // nibble would have to be (0xff where none; a byte with its top bit
        // set looks up 0), so one compare with the byte itself tells.
        let opens_by_nibble = _mm256_setr_epi8(
            -1, -1, -1, -1, -1, -1, -1, -1, b'(' as i8, -1, -1, b'+' as i8, -1, -1, -1, -1, //
            -1, -1, -1, -1, -1, -1, -1, -1, b'(' as i8, -1, -1, b'+' as i8, -1, -1, -1, -1,
        );
        let mut m = ShapeMasks::default();
        for half in 0..2 {
            let v = _mm256_loadu_si256(block.as_ptr().add(half * 32).cast());
            let shift = half * 32;
            // As in the SSE2 version: unsigned range checks for digits and
            // (case-folded) letters.
            let offset = _mm256_sub_epi8(v, zero);
            let digit = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, nine), offset);
            let folded = _mm256_sub_epi8(_mm256_or_si256(v, case_bit), lower_a);
            let letter = _mm256_cmpeq_epi8(_mm256_min_epu8(folded, twenty_five), folded);
            let open = _mm256_cmpeq_epi8(_mm256_shuffle_epi8(opens_by_nibble, v), v);
            m.digits |= u64::from(_mm256_movemask_epi8(digit) as u32) << shift;
            m.letters |= u64::from(_mm256_movemask_epi8(letter) as u32) << shift;
            m.opens |= u64::from(opaque(_mm256_movemask_epi8(open)) as u32) << shift;
        }
        m
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn digits_avx2(block: &[u8; BLOCK]) -> u64 {
    // SAFETY: the caller guarantees AVX2; every load reads 32 bytes inside
    // `block`.
    unsafe {
        use core::arch::x86_64::*;

        let zero = _mm256_set1_epi8(b'0' as i8);
        let nine = _mm256_set1_epi8(9);
        let mut digits = 0;
        for half in 0..2 {
            let v = _mm256_loadu_si256(block.as_ptr().add(half * 32).cast());
            let offset = _mm256_sub_epi8(v, zero);
            let digit = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, nine), offset);
            digits |= u64::from(_mm256_movemask_epi8(digit) as u32) << (half * 32);
        }
        digits
    }
}

/// Byte classes of one block for the identifier shapes: bit `i` describes
/// byte `i` of the block.
///
/// Only what the shape starts need: separators are not classified, since
/// the digit mask alone says where groups of three, two and four digits
/// stand apart, and the walk checks the separator bytes between them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ShapeMasks {
    /// ASCII digits.
    pub digits: u64,
    /// ASCII letters, either case.
    pub letters: u64,
    /// `(` and `+`: the bytes a phone number may open with.
    pub opens: u64,
}

/// Classifies the 64 bytes of `block` for the identifier shapes.
#[inline(always)]
pub(crate) fn classify_shapes(block: &[u8; BLOCK]) -> ShapeMasks {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of the x86-64 baseline, and `block` is 64
        // readable bytes.
        unsafe { classify_shapes_sse2(block) }
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        classify_shapes_simd128(block)
    }
    #[cfg(not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    )))]
    {
        classify_shapes_portable(block)
    }
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn classify_shapes_sse2(block: &[u8; BLOCK]) -> ShapeMasks {
    // SAFETY: the caller guarantees SSE2 (x86-64 baseline); every load
    // reads 16 bytes inside `block`.
    unsafe {
        use core::arch::x86_64::*;

        let zero = _mm_set1_epi8(b'0' as i8);
        let nine = _mm_set1_epi8(9);
        let lower_a = _mm_set1_epi8(b'a' as i8);
        let twenty_five = _mm_set1_epi8(25);
        let case_bit = _mm_set1_epi8(0x20);
        let paren = _mm_set1_epi8(b'(' as i8);
        let plus = _mm_set1_epi8(b'+' as i8);
        let mut m = ShapeMasks::default();
        for lane in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(lane * 16).cast());
            let shift = lane * 16;
            // Unsigned `byte - '0' <= 9` exactly for digits; `(byte | 0x20) -
            // 'a' <= 25` exactly for letters.
            let offset = _mm_sub_epi8(v, zero);
            let digit = _mm_cmpeq_epi8(_mm_min_epu8(offset, nine), offset);
            let folded = _mm_sub_epi8(_mm_or_si128(v, case_bit), lower_a);
            let letter = _mm_cmpeq_epi8(_mm_min_epu8(folded, twenty_five), folded);
            let open = _mm_or_si128(_mm_cmpeq_epi8(v, paren), _mm_cmpeq_epi8(v, plus));
            m.digits |= u64::from(_mm_movemask_epi8(digit) as u16) << shift;
            m.letters |= u64::from(_mm_movemask_epi8(letter) as u16) << shift;
            m.opens |= u64::from(opaque(_mm_movemask_epi8(open)) as u16) << shift;
        }
        m
    }
}

/// `bits`, hidden from the optimiser. Left to itself, LLVM sees that the
/// mask of `(` and `+` is only ANDed with other masks, rewrites it as 64
/// one-bit lanes and moves them one by one: over a hundred instructions
/// per block instead of none (measured on x86-64, both with SSE2 and AVX2).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn opaque(mut bits: i32) -> i32 {
    // SAFETY: the statement is empty: it reads and writes only `bits`'s
    // register, touches no memory and no flags.
    unsafe {
        core::arch::asm!(
            "/* {0:e} */",
            inout(reg) bits,
            options(pure, nomem, nostack, preserves_flags)
        );
    }
    bits
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn classify_shapes_simd128(block: &[u8; BLOCK]) -> ShapeMasks {
    use core::arch::wasm32::*;

    let zero = u8x16_splat(b'0');
    let nine = u8x16_splat(9);
    let lower_a = u8x16_splat(b'a');
    let twenty_five = u8x16_splat(25);
    let case_bit = u8x16_splat(0x20);
    let paren = u8x16_splat(b'(');
    let plus = u8x16_splat(b'+');
    let mut m = ShapeMasks::default();
    for lane in 0..4 {
        // SAFETY: the 16 bytes at `lane * 16` are inside `block`; wasm loads
        // need no alignment.
        let v = unsafe { v128_load(block.as_ptr().add(lane * 16).cast::<v128>()) };
        let shift = lane * 16;
        let digit = u8x16_le(u8x16_sub(v, zero), nine);
        let letter = u8x16_le(u8x16_sub(v128_or(v, case_bit), lower_a), twenty_five);
        let open = v128_or(u8x16_eq(v, paren), u8x16_eq(v, plus));
        m.digits |= u64::from(u8x16_bitmask(digit)) << shift;
        m.letters |= u64::from(u8x16_bitmask(letter)) << shift;
        m.opens |= u64::from(u8x16_bitmask(open)) << shift;
    }
    m
}

#[cfg_attr(
    any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ),
    allow(dead_code)
)]
#[inline(always)]
pub(crate) fn classify_shapes_portable(block: &[u8; BLOCK]) -> ShapeMasks {
    let mut m = ShapeMasks::default();
    for (i, &byte) in block.iter().enumerate() {
        let bit = |yes: bool| u64::from(yes) << i;
        m.digits |= bit(byte.is_ascii_digit());
        m.letters |= bit(byte.is_ascii_alphabetic());
        m.opens |= bit(byte == b'(' || byte == b'+');
    }
    m
}

/// The digit mask of `block`.
#[inline(always)]
pub(crate) fn digits(block: &[u8; BLOCK]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of the x86-64 baseline, and `block` is 64
    // readable bytes.
    unsafe {
        use core::arch::x86_64::*;

        let zero = _mm_set1_epi8(b'0' as i8);
        let nine = _mm_set1_epi8(9);
        let mut digits = 0;
        for lane in 0..4 {
            let v = _mm_loadu_si128(block.as_ptr().add(lane * 16).cast());
            let offset = _mm_sub_epi8(v, zero);
            let digit = _mm_cmpeq_epi8(_mm_min_epu8(offset, nine), offset);
            digits |= u64::from(_mm_movemask_epi8(digit) as u16) << (lane * 16);
        }
        digits
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        classify(block).digits
    }
}

/// The digit mask of the block of `input` starting at `at` (zero past the
/// end): the cheap first look that lets a cursor skip blocks without digits.
#[inline(always)]
pub(crate) fn digit_mask_at<C: Classifier>(input: &[u8], at: usize) -> u64 {
    match input.get(at..at + BLOCK) {
        Some(block) => C::digits(block.try_into().expect("64-byte slice")),
        None => digit_mask_of_tail::<C>(input, at),
    }
}

/// [`digit_mask_at`] of the last, short block: out of line, so the loops
/// that read a mask per block keep no spare block on their stack.
#[cold]
#[inline(never)]
fn digit_mask_of_tail<C: Classifier>(input: &[u8], at: usize) -> u64 {
    let mut spare = [0u8; BLOCK];
    let tail = input.get(at..).unwrap_or_default();
    spare[..tail.len()].copy_from_slice(tail);
    C::digits(&spare)
}

/// [`classify_shapes`] of the block of `input` starting at `at`, padded with
/// zero bytes past the end (zero belongs to no class).
#[inline(always)]
pub(crate) fn shapes_at<C: Classifier>(input: &[u8], at: usize) -> ShapeMasks {
    match input.get(at..at + BLOCK) {
        Some(block) => C::classify_shapes(block.try_into().expect("64-byte slice")),
        None => {
            let mut spare = [0u8; BLOCK];
            let tail = input.get(at..).unwrap_or_default();
            spare[..tail.len()].copy_from_slice(tail);
            C::classify_shapes(&spare)
        }
    }
}

/// [`classify`] of the block of `input` starting at `at`, padded with zero
/// bytes past the end (zero is neither a digit nor a separator).
#[inline]
pub(crate) fn masks_at(input: &[u8], at: usize) -> Masks {
    match input.get(at..at + BLOCK) {
        Some(block) => classify(block.try_into().expect("64-byte slice")),
        None => {
            let mut spare = [0u8; BLOCK];
            block_at::<Baseline>(input, at, &mut spare)
        }
    }
}

/// The block of `input` starting at `at`, padded with zero bytes past the end
/// (zero is neither a digit nor a separator, so padding never extends a run).
#[inline(always)]
fn block_at<C: Classifier>(input: &[u8], at: usize, spare: &mut [u8; BLOCK]) -> Masks {
    match input.get(at..at + BLOCK) {
        Some(block) => C::classify(block.try_into().expect("64-byte slice")),
        None => {
            let tail = &input[at..];
            spare[..tail.len()].copy_from_slice(tail);
            spare[tail.len()..].fill(0);
            C::classify(spare)
        }
    }
}

/// The end of the run of ASCII digits starting at `from`, read 16 bytes at a
/// time (the last few byte by byte), so that the card walk, which measures
/// every group of a dense run, spends a handful of instructions per group
/// rather than a few per digit, and a megabyte of digits costs what a block
/// pass costs.
pub(crate) fn digits_end(input: &[u8], from: usize) -> usize {
    // Groups of one to three digits (`1-1-1-…`, dates) end in the first
    // bytes: a byte check is cheaper there than a 16-byte load.
    let short_end = (from + 4).min(input.len());
    let mut at = from;
    while at < short_end {
        if !input[at].is_ascii_digit() {
            return at;
        }
        at += 1;
    }
    while let Some(digits) = digits16(input, at) {
        if digits != u16::MAX {
            return at + digits.trailing_ones() as usize;
        }
        at += 16;
    }
    let tail = input.get(at..).unwrap_or_default();
    at + tail
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(tail.len())
}

/// The digit mask of the 16 bytes at `at` (bit `i`: byte `at + i` is an
/// ASCII digit), or `None` when fewer than 16 bytes are left or the target
/// has no 128-bit SIMD.
#[inline(always)]
fn digits16(input: &[u8], at: usize) -> Option<u16> {
    let chunk = input.get(at..at.checked_add(16)?)?;
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of the x86-64 baseline; `chunk` is 16
        // readable bytes.
        unsafe {
            use core::arch::x86_64::*;

            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let offset = _mm_sub_epi8(v, _mm_set1_epi8(b'0' as i8));
            let digit = _mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(9)), offset);
            Some(_mm_movemask_epi8(digit) as u16)
        }
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::*;

        // SAFETY: `chunk` is 16 readable bytes; wasm loads need no
        // alignment.
        let v = unsafe { v128_load(chunk.as_ptr().cast::<v128>()) };
        Some(u8x16_bitmask(u8x16_le(
            u8x16_sub(v, u8x16_splat(b'0')),
            u8x16_splat(9),
        )))
    }
    #[cfg(not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    )))]
    {
        let _ = chunk;
        None
    }
}

/// Bit `i` is set when bits `i..i + 12` of `m` are all set.
#[inline(always)]
fn runs_of_12(m: u64) -> u64 {
    let x2 = m & (m >> 1);
    let x4 = x2 & (x2 >> 2);
    let x8 = x4 & (x4 >> 4);
    x8 & (x4 >> 8)
}

/// The shortest card number has 12 digits.
pub(crate) const MIN_RUN: u32 = 12;

/// Where the search for dense digit runs stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DenseRun {
    /// A byte inside a run of at least 12 bytes that are digits or a single
    /// separator before a digit. The run may have started earlier.
    At(usize),
    /// No such run starts before the limit; resume the search here.
    ResumeAt(usize),
}

/// Looks for the next run of at least [`MIN_RUN`] bytes, starting at `from`,
/// that could hold a card number: digits, and spaces or hyphens each directly
/// followed by a digit. Runs starting at or after `limit` are left for a
/// later call.
pub(crate) fn find_dense_run(input: &[u8], from: usize, limit: usize) -> DenseRun {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: AVX2 was detected.
        return unsafe { find_dense_run_avx2(input, from, limit) };
    }
    find_dense_run_with::<Baseline>(input, from, limit)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn find_dense_run_avx2(input: &[u8], from: usize, limit: usize) -> DenseRun {
    find_dense_run_with::<Avx2>(input, from, limit)
}

#[inline(always)]
fn find_dense_run_with<C: Classifier>(input: &[u8], from: usize, limit: usize) -> DenseRun {
    let limit = limit.min(input.len());
    let mut spare = [0u8; BLOCK];
    let mut at = from;
    // Length of the run of candidate bytes that ends the previous block.
    let mut carry: u32 = 0;
    // Whether the previous block had no digits: then this one, in prose,
    // most likely has none either, and the digit mask alone (a third of the
    // work) tells.
    let mut sparse = false;
    while at < limit {
        let next_is_digit = input.get(at + BLOCK).is_some_and(u8::is_ascii_digit);
        if sparse && carry == 0 && !next_is_digit {
            if let Some(block) = input.get(at..at + BLOCK) {
                // No digit here and none just after: no candidate byte at
                // all (a separator counts only before a digit).
                if C::digits(block.try_into().expect("64-byte slice")) == 0 {
                    at += BLOCK;
                    continue;
                }
            }
        }
        let masks = block_at::<C>(input, at, &mut spare);
        sparse = masks.digits == 0;
        let digit_follows = (masks.digits >> 1) | (u64::from(next_is_digit) << 63);
        let m = masks.digits | (masks.separators & digit_follows);
        if carry > 0 && carry + m.trailing_ones() >= MIN_RUN {
            return DenseRun::At(at);
        }
        let runs = runs_of_12(m);
        if runs != 0 {
            return DenseRun::At(at + runs.trailing_zeros() as usize);
        }
        carry = if m == u64::MAX {
            carry + 64
        } else {
            m.leading_ones()
        };
        at += BLOCK;
    }
    // A run may straddle the limit: restart at its first byte next time.
    DenseRun::ResumeAt(at.min(input.len()).saturating_sub(carry as usize).max(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_matches_portable_loop() {
        let mut block = [0u8; BLOCK];
        for seed in 0..=255u8 {
            for (i, b) in block.iter_mut().enumerate() {
                *b = seed
                    .wrapping_mul(31)
                    .wrapping_add((i as u8).wrapping_mul(seed | 1));
            }
            assert_eq!(classify(&block), classify_portable(&block));
            assert_eq!(classify_shapes(&block), classify_shapes_portable(&block));
            assert_eq!(digits(&block), classify_portable(&block).digits);
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_classifies_like_the_portable_loop() {
        if !has_avx2() {
            return;
        }
        let mut block = [0u8; BLOCK];
        for start in 0..=255u8 {
            for step in [1u8, 7, 31] {
                for (i, b) in block.iter_mut().enumerate() {
                    *b = start.wrapping_add((i as u8).wrapping_mul(step));
                }
                assert_eq!(Avx2::classify(&block), classify_portable(&block));
                assert_eq!(
                    Avx2::classify_shapes(&block),
                    classify_shapes_portable(&block)
                );
                assert_eq!(Avx2::digits(&block), classify_portable(&block).digits);
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_and_baseline_find_the_same_dense_runs() {
        if !has_avx2() {
            return;
        }
        let mut rng = crate::TestRng::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..300 {
            let input: Vec<u8> = (0..400).map(|_| b"0123456789 -x"[rng.below(13)]).collect();
            for from in [0, 1, 63, 200] {
                for limit in [64, 130, 400] {
                    assert_eq!(
                        find_dense_run_with::<Baseline>(&input, from, limit),
                        find_dense_run_with::<Avx2>(&input, from, limit)
                    );
                }
            }
        }
    }

    #[test]
    fn every_byte_value_at_every_position_classifies_like_the_portable_loop() {
        // Block `start` holds `start + i` at position `i`, so across the 256
        // blocks each byte value sits once at each of the 64 positions: the
        // unsigned-compare edges ('/', ':', 0x80, 0xff) included.
        let mut block = [0u8; BLOCK];
        for start in 0..=255u8 {
            for (i, b) in block.iter_mut().enumerate() {
                *b = start.wrapping_add(i as u8);
            }
            assert_eq!(classify(&block), classify_portable(&block), "block {start}");
        }
    }

    #[test]
    fn shape_classes_cover_every_byte_value() {
        // Every byte value at every lane position, including the bytes next
        // to the class boundaries ('/' ':' '@' '[' '`' '{').
        for base in (0..=255u8).step_by(BLOCK) {
            let mut block = [0u8; BLOCK];
            for (i, b) in block.iter_mut().enumerate() {
                *b = base.wrapping_add(i as u8);
            }
            let m = classify_shapes(&block);
            for (i, &b) in block.iter().enumerate() {
                let bit = |mask: u64| mask >> i & 1 == 1;
                assert_eq!(bit(m.digits), b.is_ascii_digit(), "{b}");
                assert_eq!(bit(m.letters), b.is_ascii_alphabetic(), "{b}");
                assert_eq!(bit(m.opens), b == b'+' || b == b'(', "{b}");
            }
        }
    }

    #[test]
    fn digit_mask_matches_shape_classes() {
        let input: Vec<u8> = (0..200u8).map(|i| i.wrapping_mul(37)).collect();
        for at in [0, 1, 63, 100, 150, 199, 200] {
            assert_eq!(
                digit_mask_at::<Baseline>(&input, at),
                shapes_at::<Baseline>(&input, at).digits,
                "at {at}"
            );
        }
    }

    #[test]
    fn shapes_at_pads_the_tail() {
        let input = b"(212) 555";
        let m = shapes_at::<Baseline>(input, 0);
        assert_eq!(m.opens, 1);
        assert_eq!(m.letters, 0);
        assert_eq!(m.digits, 0b1_1100_1110);
        assert_eq!(shapes_at::<Baseline>(input, 9), ShapeMasks::default());
    }

    fn naive_dense(input: &[u8], from: usize) -> Option<usize> {
        let candidate = |i: usize| {
            input[i].is_ascii_digit()
                || ((input[i] == b' ' || input[i] == b'-')
                    && input.get(i + 1).is_some_and(u8::is_ascii_digit))
        };
        let mut run = 0;
        for i in from..input.len() {
            if candidate(i) {
                run += 1;
                if run == MIN_RUN as usize {
                    return Some(i + 1 - run);
                }
            } else {
                run = 0;
            }
        }
        None
    }

    #[test]
    fn finds_runs_across_block_boundaries() {
        for offset in 0..140 {
            for len in [11usize, 12, 13, 70] {
                let mut input = vec![b'x'; 300];
                input[offset..offset + len].fill(b'7');
                let expected = naive_dense(&input, 0);
                match find_dense_run(&input, 0, input.len()) {
                    DenseRun::At(at) => {
                        let start = expected.expect("filter found a run the oracle did not");
                        assert!(
                            at >= start && at < offset + len,
                            "offset {offset} len {len}"
                        );
                    }
                    DenseRun::ResumeAt(_) => {
                        assert_eq!(expected, None, "offset {offset} len {len}")
                    }
                }
            }
        }
    }

    #[test]
    fn runs_after_digit_free_stretches_are_found() {
        // Prose: long stretches without digits are passed on the digit mask
        // alone; a run right after one, or a separator ending a block before
        // a digit, must still be found where the byte-by-byte oracle finds it.
        let mut rng = crate::TestRng::new(0x3c6e_f372_fe94_f82b);
        for _ in 0..500 {
            let mut input = vec![b'x'; 400];
            for _ in 0..3 {
                let state = rng.next_u64();
                let at = (state % 380) as usize;
                let len = 8 + (state >> 32) as usize % 10;
                for (i, b) in input[at..].iter_mut().take(len).enumerate() {
                    *b = if (state >> (i + 8)) & 7 == 0 {
                        b' '
                    } else {
                        b'4'
                    };
                }
            }
            let expected = naive_dense(&input, 0);
            match find_dense_run(&input, 0, input.len()) {
                DenseRun::At(at) => {
                    let start = expected.expect("filter found a run the oracle did not");
                    assert!(at >= start && at < start + 64, "{at} {start}");
                }
                DenseRun::ResumeAt(_) => assert_eq!(expected, None),
            }
            assert_eq!(
                find_dense_run_with::<Baseline>(&input, 0, input.len()),
                find_dense_run(&input, 0, input.len())
            );
        }
    }

    #[test]
    fn a_run_straddling_the_limit_is_found_on_resume() {
        let mut input = vec![b'x'; 256];
        input[60..76].fill(b'5');
        match find_dense_run(&input, 0, 64) {
            DenseRun::ResumeAt(at) => {
                assert!(at <= 60);
                assert!(matches!(find_dense_run(&input, at, 256), DenseRun::At(_)));
            }
            DenseRun::At(_) => {}
        }
    }

    #[test]
    fn digits_end_matches_a_byte_loop() {
        for len in [
            0usize, 1, 15, 16, 17, 23, 24, 25, 31, 32, 33, 63, 64, 65, 200, 1000,
        ] {
            for tail in [&b""[..], b"x", b"-5"] {
                let mut input = vec![b'9'; len];
                input.extend_from_slice(tail);
                assert_eq!(digits_end(&input, 0), len, "len {len} tail {tail:?}");
                if len > 3 {
                    assert_eq!(digits_end(&input, 3), len);
                }
            }
        }
    }

    #[test]
    fn digits_end_matches_a_byte_loop_at_every_offset() {
        let mut rng = crate::TestRng::new(0x6a09_e667_f3bc_c908);
        for _ in 0..200 {
            // Mostly digits, so runs cross 16-byte chunks; the bytes next to
            // '0'..'9' and a non-ASCII byte as the others.
            let input: Vec<u8> = (0..90)
                .map(|_| b"01234567890123456789/:\xff "[rng.below(24)])
                .collect();
            for from in 0..=input.len() {
                let expected = from
                    + input[from..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                assert_eq!(digits_end(&input, from), expected, "{input:?} from {from}");
            }
        }
    }

    #[test]
    fn spaces_without_digits_are_not_runs() {
        let input = [b' '; 200];
        assert_eq!(find_dense_run(&input, 0, 200), DenseRun::ResumeAt(200));
    }
}
