//! Our JPEG decoder for the files most JPEGs are: Huffman-coded, sequential
//! or progressive, 8 bits, gray or YCbCr at 4:2:0 or 4:4:4 (what cameras,
//! phones, browsers and `cv2.imwrite` write). It gives the Y, Cb and Cr
//! planes computed with libjpeg's integer inverse DCT ("islow",
//! `jidctint.c`) and its range limiting, so that `planes.rs` makes of them
//! the very pixels `cv2.imread` gives, and our gray is OpenCV's bit for bit.
//!
//! Written here because none of the decoders we can pin does that: zune-jpeg
//! and jpeg-decoder use stb_image's IDCT and round their chroma upsampling
//! their own way, and neither hands out its planes (README). Every other
//! kind of JPEG (arithmetic-coded, lossless, 12-bit, CMYK, RGB, other
//! samplings) is left to zune-jpeg: [`decode`] answers `Ok(None)` for it.
//! A file this decoder finds corrupt is an `Err`; the caller lets zune-jpeg,
//! in strict mode, word the error, so that both decoders refuse alike.

use super::islow::*;
use super::planes::Layout;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use super::v4::V;

/// Y, Cb and Cr planes, tightly packed (each row as wide as its plane), in
/// the layout they make; `None` for a JPEG of a kind we leave to zune-jpeg.
pub fn decode(bytes: &[u8]) -> Result<Option<(Vec<u8>, Layout)>, String> {
    let mut file = Reader { bytes, at: 0 };
    if file.take(2)? != [0xff, 0xd8] {
        return Err("no start-of-image marker".into());
    }
    let mut quant: [Option<[u16; 64]>; 4] = [None; 4];
    let mut dc: [Option<Box<Huffman>>; 4] = Default::default();
    let mut ac: [Option<Box<Huffman>>; 4] = Default::default();
    let mut frame: Option<Frame> = None;
    // A progressive file's coefficients, gathered scan by scan.
    let mut gathered: Option<Coefficients> = None;
    let (mut restart, mut adobe_rgb) = (0usize, false);
    loop {
        let marker = file.marker()?;
        match marker {
            0xd8 | 0xd0..=0xd7 | 0x01 => return Err(format!("marker {marker:#04x} out of place")),
            0xd9 => {
                return match (&frame, gathered) {
                    (Some(frame), Some(coefficients)) => Ok(Some(frame.finish(&coefficients))),
                    _ => Err("no scan before the end of the image".into()),
                }
            }
            // Baseline, extended sequential and progressive, Huffman-coded.
            0xc0..=0xc2 => {
                if frame.is_some() {
                    return Err("a second frame header".into());
                }
                match Frame::read(&mut file.segment()?, marker == 0xc2)? {
                    Some(f) if !adobe_rgb => frame = Some(f),
                    _ => return Ok(None),
                }
            }
            // Lossless, hierarchical or arithmetic-coded.
            0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf => return Ok(None),
            0xc4 => {
                let mut s = file.segment()?;
                while !s.done() {
                    let class_id = s.u8()?;
                    let (class, id) = (class_id >> 4, usize::from(class_id & 15));
                    let counts: [u8; 16] = s.take(16)?.try_into().map_err(|_| "short table")?;
                    let total = counts.iter().map(|&c| usize::from(c)).sum();
                    let table = Box::new(Huffman::new(&counts, s.take(total)?, class == 1)?);
                    match (class, id) {
                        (0, 0..=3) => dc[id] = Some(table),
                        (1, 0..=3) => ac[id] = Some(table),
                        _ => return Err(format!("Huffman table {class_id:#04x}")),
                    }
                }
            }
            0xdb => {
                let mut s = file.segment()?;
                while !s.done() {
                    let precision_id = s.u8()?;
                    let id = usize::from(precision_id & 15);
                    let mut table = [0u16; 64];
                    for &at in &ZIGZAG {
                        table[at] = match precision_id >> 4 {
                            0 => u16::from(s.u8()?),
                            1 => s.u16()?,
                            _ => return Err("quantization table precision".into()),
                        };
                    }
                    *quant.get_mut(id).ok_or("quantization table id")? = Some(table);
                }
            }
            0xdd => {
                let mut s = file.segment()?;
                restart = usize::from(s.u16()?);
            }
            // Adobe's APP14: a transform of 0 means the three components
            // are R, G and B, not YCbCr.
            0xee => {
                let s = file.segment()?;
                adobe_rgb = s.bytes.starts_with(b"Adobe") && s.bytes.get(11) == Some(&0);
                if adobe_rgb && frame.is_some() {
                    return Ok(None);
                }
            }
            0xda => {
                let Some(frame) = &frame else {
                    return Err("a scan before the frame header".into());
                };
                let Some(scan) = Scan::read(&mut file.segment()?, frame, &quant, &dc, &ac)? else {
                    return Ok(None);
                };
                let mut bits = Bits::new(&bytes[file.at..]);
                if !frame.progressive {
                    return frame.decode_sequential(&scan, &mut bits, restart).map(Some);
                }
                let coefficients = gathered.get_or_insert_with(|| frame.coefficients());
                frame.decode_progressive(&scan, &mut bits, restart, coefficients)?;
                // The scan's data ends at the next marker.
                file.at += bits.at;
            }
            _ => {
                file.segment()?;
            }
        }
    }
}

/// Bytes read in order, every read checked against the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or("the file ends inside a header")?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }
    /// The next marker's code, past any fill bytes (0xFF) before it.
    fn marker(&mut self) -> Result<u8, String> {
        if self.u8()? != 0xff {
            return Err("a marker was expected".into());
        }
        loop {
            match self.u8()? {
                0xff => continue,
                code => return Ok(code),
            }
        }
    }
    /// A marker segment's contents (its length counts its two bytes).
    fn segment(&mut self) -> Result<Reader<'a>, String> {
        let len = usize::from(self.u16()?);
        let bytes = self.take(len.checked_sub(2).ok_or("segment length")?)?;
        Ok(Reader { bytes, at: 0 })
    }
}

/// A canonical Huffman table: codes of up to 9 bits looked up at once,
/// longer ones found length by length (the JPEG standard's F.2.2.3).
struct Huffman {
    /// By the next 9 bits: the code's length << 8 | its symbol; 0 where
    /// the code is longer than 9 bits.
    fast: [u16; 1 << FAST_BITS],
    /// For AC tables, by the next 11 bits where they hold a whole symbol of
    /// a nonzero coefficient and its extra bits: the coefficient << 16 |
    /// the run of zeros before it << 8 | the bits they take; 0 elsewhere.
    /// One look-up then reads most coefficients of a photo.
    coefficient: [i32; 1 << WHOLE_BITS],
    /// By length: the largest code of that length (−1 if there is none).
    max_code: [i32; 17],
    /// By length: what turns a code of that length into its index in `symbols`.
    offset: [i32; 17],
    symbols: [u8; 256],
}

const FAST_BITS: u32 = 9;
/// Longer than `FAST_BITS`: a photo's coefficients take 4–6 extra bits
/// after a code of 2–7.
const WHOLE_BITS: u32 = 11;

impl Huffman {
    /// `ac`: an AC table, whose symbols are runs and sizes, so that the
    /// whole-coefficient look-up is worth making (DC tables never use it).
    fn new(counts: &[u8; 16], symbols: &[u8], ac: bool) -> Result<Huffman, String> {
        let mut table = Huffman {
            fast: [0; 1 << FAST_BITS],
            coefficient: [0; 1 << WHOLE_BITS],
            max_code: [-1; 17],
            offset: [0; 17],
            symbols: [0; 256],
        };
        if symbols.len() > 256 {
            return Err("a Huffman table of more than 256 symbols".into());
        }
        table.symbols[..symbols.len()].copy_from_slice(symbols);
        let (mut code, mut k) = (0i32, 0i32);
        for len in 1..=16 {
            let count = i32::from(counts[len - 1]);
            if code + count > 1 << len {
                return Err("a Huffman table with more codes than bits".into());
            }
            table.offset[len] = k - code;
            for _ in 0..count {
                if len as u32 <= FAST_BITS {
                    let spare = FAST_BITS - len as u32;
                    let first = (code as usize) << spare;
                    let entry = (len as u16) << 8 | u16::from(symbols[k as usize]);
                    table.fast[first..first + (1 << spare)].fill(entry);
                }
                code += 1;
                k += 1;
            }
            if count > 0 {
                table.max_code[len] = code - 1;
            }
            code <<= 1;
        }
        if !ac {
            return Ok(table);
        }
        for (next, whole) in table.coefficient.iter_mut().enumerate() {
            let next = next as i32;
            // The code these bits begin with, if one of at most WHOLE_BITS.
            let Some(len) = (1..=WHOLE_BITS)
                .find(|&len| next >> (WHOLE_BITS - len) <= table.max_code[len as usize])
            else {
                continue;
            };
            let code = next >> (WHOLE_BITS - len);
            let symbol = table.symbols[(code + table.offset[len as usize]) as usize & 255];
            let (run, size) = (i32::from(symbol >> 4), u32::from(symbol & 15));
            if size == 0 || len + size > WHOLE_BITS {
                continue;
            }
            let extra = (next >> (WHOLE_BITS - len - size)) & ((1 << size) - 1);
            let value = extend(extra, size);
            *whole = value << 16 | run << 8 | (len + size) as i32;
        }
        Ok(table)
    }
}

/// The entropy-coded bits, most significant first, with the 0x00 stuffed
/// after each 0xFF taken out. At a marker or the end of the data it feeds
/// zeros, counting them, so that reading into them can be refused.
struct Bits<'a> {
    data: &'a [u8],
    at: usize,
    /// Bits waiting, at the top.
    acc: u64,
    count: u32,
    /// How many of the `count` bits are zeros fed past a marker or the end.
    fed: u32,
}

impl<'a> Bits<'a> {
    fn new(data: &'a [u8]) -> Bits<'a> {
        Bits {
            data,
            at: 0,
            acc: 0,
            count: 0,
            fed: 0,
        }
    }

    /// Tops `acc` up to at least 56 bits.
    #[inline(always)]
    fn refill(&mut self) {
        // As many whole bytes as fit, at once, when none of them is 0xFF.
        if let (0, Some(chunk)) = (self.fed, self.data.get(self.at..self.at + 8)) {
            let word = u64::from_be_bytes(chunk.try_into().unwrap_or([0xff; 8]));
            // The top n bytes (1 ≤ n ≤ 7: refills come with under 16 bits left).
            let n = ((64 - self.count) / 8).min(7);
            let taken = !(u64::MAX >> (8 * n));
            // A byte of `word` is 0xFF exactly where a byte of `!word` is zero
            // (the test may also flag a byte above a zero one: then the slow way).
            let inverted = !word;
            let ff = inverted.wrapping_sub(0x0101_0101_0101_0101) & word & 0x8080_8080_8080_8080;
            if ff & taken == 0 {
                self.acc |= (word & taken) >> self.count;
                self.at += n as usize;
                self.count += 8 * n;
                return;
            }
        }
        while self.count <= 56 {
            match self.next_byte() {
                Some(byte) => self.acc |= u64::from(byte) << (56 - self.count),
                None => self.fed += 8,
            }
            self.count += 8;
        }
    }

    /// The next data byte, or `None` at a marker or the end (and ever after).
    #[inline(always)]
    fn next_byte(&mut self) -> Option<u8> {
        if self.fed > 0 {
            return None;
        }
        let &byte = self.data.get(self.at)?;
        if byte != 0xff {
            self.at += 1;
            return Some(byte);
        }
        if self.data.get(self.at + 1) == Some(&0) {
            self.at += 2;
            return Some(0xff);
        }
        None
    }

    #[inline(always)]
    fn consume(&mut self, n: u32) {
        self.acc <<= n;
        self.count -= n;
    }

    /// The next `n` (≤ 16) bits as a number.
    #[inline(always)]
    fn take(&mut self, n: u32) -> i32 {
        if n == 0 {
            return 0;
        }
        if self.count < 16 {
            self.refill();
        }
        let v = (self.acc >> (64 - n)) as i32;
        self.consume(n);
        v
    }

    /// The next `n`-bit value of JPEG's magnitude coding, with its sign.
    #[inline(always)]
    fn signed(&mut self, n: u32) -> i32 {
        extend(self.take(n), n)
    }

    #[inline(always)]
    fn symbol(&mut self, table: &Huffman) -> Result<u8, String> {
        if self.count < 16 {
            self.refill();
        }
        let entry = table.fast[(self.acc >> (64 - FAST_BITS)) as usize];
        if entry != 0 {
            self.consume(u32::from(entry >> 8));
            return Ok(entry as u8);
        }
        for len in FAST_BITS as usize + 1..=16 {
            let code = (self.acc >> (64 - len)) as i32;
            if code <= table.max_code[len] {
                self.consume(len as u32);
                let at = (code + table.offset[len]) as usize;
                return table
                    .symbols
                    .get(at)
                    .copied()
                    .ok_or_else(|| "a bad Huffman code".into());
            }
        }
        Err("a bad Huffman code".into())
    }

    /// Whether any of the zeros fed past the data's end have been read.
    fn overrun(&self) -> bool {
        self.fed > self.count
    }

    /// Past the restart marker `RSTn` that must come next, with the bits
    /// before it (padding to a byte) dropped.
    fn restart(&mut self, n: usize) -> Result<(), String> {
        let expected = 0xd0 + (n % 8) as u8;
        (self.acc, self.count, self.fed) = (0, 0, 0);
        while self.data.get(self.at) == Some(&0xff) && self.data.get(self.at + 1) == Some(&0xff) {
            self.at += 1;
        }
        if self.data.get(self.at..self.at + 2) != Some(&[0xff, expected]) {
            return Err("a restart marker is missing".into());
        }
        self.at += 2;
        Ok(())
    }
}

/// The `n`-bit value `v` of JPEG's magnitude coding, with its sign: the
/// upper half of the range is positive, the lower half negative.
#[inline(always)]
fn extend(v: i32, n: u32) -> i32 {
    if n > 0 && v < 1 << (n - 1) {
        v - (1 << n) + 1
    } else {
        v
    }
}

/// The frame header: the picture's size and its components' sampling.
struct Frame {
    width: usize,
    height: usize,
    progressive: bool,
    /// Component ids and quantization table ids, in frame order.
    ids: Vec<(u8, usize)>,
    layout: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Gray,
    /// Y sampled 2 × 2 against each chroma component's 1 × 1.
    I420,
    I444,
}

/// A progressive file's coefficients: per plane, its blocks row by row
/// (as many as whole MCUs hold), and the quantization table it was
/// given at its first scan, as libjpeg latches it.
struct Coefficients {
    blocks: Vec<Vec<[i16; 64]>>,
    quant: Vec<Option<[u16; 64]>>,
}

impl Frame {
    /// `None` for a frame we leave to zune-jpeg.
    fn read(s: &mut Reader, progressive: bool) -> Result<Option<Frame>, String> {
        let precision = s.u8()?;
        let height = usize::from(s.u16()?);
        let width = usize::from(s.u16()?);
        let n = s.u8()?;
        if width == 0 || height == 0 {
            return Err("a picture without pixels (or its height in a later marker)".into());
        }
        let mut ids = Vec::new();
        let mut sampling = Vec::new();
        for _ in 0..n {
            let (id, hv, tq) = (s.u8()?, s.u8()?, s.u8()?);
            ids.push((id, usize::from(tq)));
            sampling.push((hv >> 4, hv & 15));
        }
        // Components named R, G and B are RGB to libjpeg, not YCbCr.
        let rgb = ids.iter().map(|c| c.0).eq(*b"RGB");
        let layout = match sampling[..] {
            _ if precision != 8 || rgb => return Ok(None),
            [_] => Kind::Gray,
            [(2, 2), (1, 1), (1, 1)] => Kind::I420,
            [(1, 1), (1, 1), (1, 1)] => Kind::I444,
            _ => return Ok(None),
        };
        Ok(Some(Frame {
            width,
            height,
            progressive,
            ids,
            layout,
        }))
    }

    /// Blocks of `plane` in each MCU of an interleaved scan, across and down.
    fn sampling(&self, plane: usize) -> (usize, usize) {
        if self.layout == Kind::I420 && plane == 0 {
            (2, 2)
        } else {
            (1, 1)
        }
    }

    /// MCUs of an interleaved scan, across and down.
    fn mcus(&self) -> (usize, usize) {
        let (h, v) = self.sampling(0);
        (self.width.div_ceil(8 * h), self.height.div_ceil(8 * v))
    }

    /// A plane's size in samples.
    fn plane_size(&self, plane: usize) -> (usize, usize) {
        match (plane, self.layout) {
            (0, _) | (_, Kind::I444) => (self.width, self.height),
            (_, Kind::I420) => (self.width.div_ceil(2), self.height.div_ceil(2)),
            (_, Kind::Gray) => (0, 0),
        }
    }

    /// A plane's blocks in whole MCUs, across and down.
    fn grid(&self, plane: usize) -> (usize, usize) {
        let ((across, down), (h, v)) = (self.mcus(), self.sampling(plane));
        (across * h, down * v)
    }

    /// The planes, zeroed, and the layout they make.
    fn planes(&self) -> (Vec<u8>, Layout) {
        let (w, h) = (self.width, self.height);
        let (cw, ch) = self.plane_size(1);
        let layout = match self.layout {
            Kind::Gray => Layout::Gray,
            Kind::I420 => Layout::I420 {
                cb: w * h,
                cr: w * h + cw * ch,
            },
            Kind::I444 => Layout::I444 {
                cb: w * h,
                cr: w * h + cw * ch,
            },
        };
        (vec![0u8; w * h + 2 * cw * ch], layout)
    }

    /// The planes as slices of `data`.
    fn split<'d>(&self, data: &'d mut [u8]) -> [Plane<'d>; 3] {
        let ((w, h), (cw, ch)) = (self.plane_size(0), self.plane_size(1));
        let (y, chroma) = data.split_at_mut(w * h);
        let (cb, cr) = chroma.split_at_mut(cw * ch);
        [
            Plane {
                pixels: y,
                width: w,
                height: h,
            },
            Plane {
                pixels: cb,
                width: cw,
                height: ch,
            },
            Plane {
                pixels: cr,
                width: cw,
                height: ch,
            },
        ]
    }

    /// Calls `block` for each block of the scan, in the order its data holds
    /// them (`fresh` for the first, and the first after each restart
    /// marker), with the index of its component in the scan and its place
    /// in the plane's grid of blocks.
    fn visit(
        &self,
        scan: &Scan,
        bits: &mut Bits,
        restart: usize,
        mut block: impl FnMut(&mut Bits, bool, usize, usize, usize) -> Result<(), String>,
    ) -> Result<(), String> {
        // A scan of one component holds only the blocks of its samples.
        let single = scan.components.len() == 1;
        let (across, down) = if single {
            let (w, h) = self.plane_size(scan.components[0].plane);
            (w.div_ceil(8), h.div_ceil(8))
        } else {
            self.mcus()
        };
        let mut fresh = true;
        for mcu in 0..across * down {
            if restart > 0 && mcu > 0 && mcu % restart == 0 {
                bits.restart(mcu / restart - 1)?;
                fresh = true;
            }
            let (mx, my) = (mcu % across, mcu / across);
            for (c, component) in scan.components.iter().enumerate() {
                let (h, v) = if single {
                    (1, 1)
                } else {
                    self.sampling(component.plane)
                };
                for by in 0..v {
                    for bx in 0..h {
                        block(bits, fresh, c, mx * h + bx, my * v + by)?;
                        fresh = false;
                    }
                }
            }
            if bits.overrun() {
                return Err("the data ends before the picture does".into());
            }
        }
        Ok(())
    }

    /// A sequential file's one scan, each block's samples put in the planes
    /// as it is read.
    fn decode_sequential(
        &self,
        scan: &Scan,
        bits: &mut Bits,
        restart: usize,
    ) -> Result<(Vec<u8>, Layout), String> {
        // `Scan::read` has left sequential scans of some components to zune-jpeg.
        let (mut data, layout) = self.planes();
        let mut planes = self.split(&mut data);
        let mut predictions = [0i32; 3];
        let mut coefficients = [0i16; 64];
        self.visit(scan, bits, restart, |bits, fresh, c, bx, by| {
            if fresh {
                predictions = [0; 3];
            }
            let component = &scan.components[c];
            let dc = component.dc.ok_or("a table the scan needs is missing")?;
            let ac = component.ac.ok_or("a table the scan needs is missing")?;
            read_block(bits, dc, ac, &mut predictions[c], &mut coefficients)?;
            planes[component.plane].put_block(&coefficients, &component.quant, bx * 8, by * 8);
            Ok(())
        })?;
        Ok((data, layout))
    }

    /// Every plane's blocks, all zero, and no table latched yet.
    fn coefficients(&self) -> Coefficients {
        let grids = (0..self.ids.len()).map(|p| self.grid(p));
        Coefficients {
            blocks: grids.map(|(w, h)| vec![[0i16; 64]; w * h]).collect(),
            quant: vec![None; self.ids.len()],
        }
    }

    /// One scan of a progressive file into the coefficients: the DC
    /// coefficients or a band of AC ones, first bits or a refinement
    /// (the JPEG standard's G.1.2).
    fn decode_progressive(
        &self,
        scan: &Scan,
        bits: &mut Bits,
        restart: usize,
        into: &mut Coefficients,
    ) -> Result<(), String> {
        let Scan {
            start,
            end,
            high,
            low,
            ..
        } = *scan;
        let ok = start <= end && end < 64 && high < 14 && low < 14 && (start == 0) == (end == 0);
        if !ok || (start > 0 && scan.components.len() != 1) {
            return Err("a progressive scan the standard does not allow".into());
        }
        for component in &scan.components {
            into.quant[component.plane].get_or_insert(component.quant);
        }
        let (mut predictions, mut eob_run) = ([0i32; 3], 0u32);
        let missing = || "a table the scan needs is missing".to_string();
        self.visit(scan, bits, restart, |bits, fresh, c, bx, by| {
            if fresh {
                (predictions, eob_run) = ([0; 3], 0);
            }
            let component = &scan.components[c];
            let grid_width = self.grid(component.plane).0;
            let block = into.blocks[component.plane]
                .get_mut(by * grid_width + bx)
                .ok_or("a block outside the picture")?;
            match (start, high) {
                (0, 0) => {
                    let size = bits.symbol(component.dc.ok_or_else(missing)?)?;
                    if size > 15 {
                        return Err("a bad DC coefficient".into());
                    }
                    predictions[c] = predictions[c].wrapping_add(bits.signed(u32::from(size)));
                    block[0] = predictions[c].wrapping_shl(low) as i16;
                }
                (0, _) => block[0] |= (bits.take(1) << low) as i16,
                (_, 0) => ac_first(
                    bits,
                    component.ac.ok_or_else(missing)?,
                    scan,
                    &mut eob_run,
                    block,
                )?,
                _ => ac_refine(
                    bits,
                    component.ac.ok_or_else(missing)?,
                    scan,
                    &mut eob_run,
                    block,
                )?,
            }
            Ok(())
        })
    }

    /// A progressive file's planes, once all its scans are in.
    fn finish(&self, coefficients: &Coefficients) -> (Vec<u8>, Layout) {
        let (mut data, layout) = self.planes();
        let mut planes = self.split(&mut data);
        for (p, blocks) in coefficients.blocks.iter().enumerate() {
            // A component no scan held is all zeros: mid-gray, whatever the table.
            let quant = coefficients.quant[p].unwrap_or([1; 64]);
            let grid_width = self.grid(p).0;
            for (at, block) in blocks.iter().enumerate() {
                let (bx, by) = (at % grid_width, at / grid_width);
                planes[p].put_block(block, &quant, bx * 8, by * 8);
            }
        }
        (data, layout)
    }
}

/// One sequential block's coefficients, natural order, not yet dequantized.
#[inline(always)]
fn read_block(
    bits: &mut Bits,
    dc: &Huffman,
    ac: &Huffman,
    prediction: &mut i32,
    out: &mut [i16; 64],
) -> Result<(), String> {
    *out = [0; 64];
    let size = bits.symbol(dc)?;
    if size > 15 {
        return Err("a bad DC coefficient".into());
    }
    *prediction = prediction.wrapping_add(bits.signed(u32::from(size)));
    // libjpeg keeps coefficients in 16 bits.
    out[0] = *prediction as i16;
    let mut k = 1;
    while k < 64 {
        if bits.count < 16 {
            bits.refill();
        }
        let whole = ac.coefficient[(bits.acc >> (64 - WHOLE_BITS)) as usize];
        if whole != 0 {
            bits.consume((whole & 0xff) as u32);
            k += (whole >> 8 & 15) as usize;
            if k > 63 {
                return Err("a block of more than 64 coefficients".into());
            }
            out[ZIGZAG[k]] = (whole >> 16) as i16;
            k += 1;
            continue;
        }
        let symbol = bits.symbol(ac)?;
        let (run, size) = (usize::from(symbol >> 4), u32::from(symbol & 15));
        if size == 0 {
            if run != 15 {
                break;
            }
            k += 16;
            continue;
        }
        k += run;
        if k > 63 {
            return Err("a block of more than 64 coefficients".into());
        }
        out[ZIGZAG[k]] = bits.signed(size) as i16;
        k += 1;
    }
    Ok(())
}

/// The first bits of a band of AC coefficients: runs of zeros, values
/// scaled by 2^low, and runs of blocks whose band is all zeros (`eob_run`).
fn ac_first(
    bits: &mut Bits,
    table: &Huffman,
    scan: &Scan,
    eob_run: &mut u32,
    block: &mut [i16; 64],
) -> Result<(), String> {
    if *eob_run > 0 {
        *eob_run -= 1;
        return Ok(());
    }
    let mut k = usize::from(scan.start);
    while k <= usize::from(scan.end) {
        let symbol = bits.symbol(table)?;
        let (run, size) = (u32::from(symbol >> 4), u32::from(symbol & 15));
        if size == 0 {
            if run < 15 {
                *eob_run = (1 << run) - 1 + bits.take(run) as u32;
                break;
            }
            k += 16;
            continue;
        }
        k += run as usize;
        if k > 63 {
            return Err("a block of more than 64 coefficients".into());
        }
        block[ZIGZAG[k]] = bits.signed(size).wrapping_shl(scan.low) as i16;
        k += 1;
    }
    Ok(())
}

/// A refinement of a band of AC coefficients: one more bit of each that is
/// already nonzero, and the new ones (±2^low), placed among the zeros.
fn ac_refine(
    bits: &mut Bits,
    table: &Huffman,
    scan: &Scan,
    eob_run: &mut u32,
    block: &mut [i16; 64],
) -> Result<(), String> {
    let (plus, minus) = (1i16 << scan.low, -1i16 << scan.low);
    let refine = |bits: &mut Bits, c: &mut i16| {
        if bits.take(1) != 0 && *c & plus == 0 {
            *c = c.wrapping_add(if *c >= 0 { plus } else { minus });
        }
    };
    let (mut k, end) = (usize::from(scan.start), usize::from(scan.end));
    if *eob_run == 0 {
        while k <= end {
            let symbol = bits.symbol(table)?;
            let (mut run, size) = (i32::from(symbol >> 4), symbol & 15);
            let mut value = 0;
            if size != 0 {
                value = if bits.take(1) != 0 { plus } else { minus };
            } else if run != 15 {
                *eob_run = (1 << run) + bits.take(run as u32) as u32;
                break;
            }
            // Past `run` zeros (refining the nonzero ones on the way) to
            // the zero that takes the new value.
            while k <= end {
                let c = &mut block[ZIGZAG[k]];
                if *c != 0 {
                    refine(bits, c);
                } else {
                    run -= 1;
                    if run < 0 {
                        break;
                    }
                }
                k += 1;
            }
            if value != 0 {
                block[*ZIGZAG
                    .get(k)
                    .ok_or("a block of more than 64 coefficients")?] = value;
            }
            k += 1;
        }
    }
    if *eob_run > 0 {
        for &at in ZIGZAG.get(k..=end).unwrap_or(&[]) {
            if block[at] != 0 {
                refine(bits, &mut block[at]);
            }
        }
        *eob_run -= 1;
    }
    Ok(())
}

/// One component of a scan: its tables, and which plane it fills.
struct ScanComponent<'t> {
    plane: usize,
    quant: [u16; 64],
    dc: Option<&'t Huffman>,
    ac: Option<&'t Huffman>,
}

/// The scan header: which components, in which order, with which tables,
/// and (progressive files) which coefficients and bits.
struct Scan<'t> {
    components: Vec<ScanComponent<'t>>,
    /// The first and last coefficient (zig-zag order) of the scan's band.
    start: u8,
    end: u8,
    /// The bit position of the last scan of the band (0: this is its first),
    /// and of this one.
    high: u32,
    low: u32,
}

impl<'t> Scan<'t> {
    /// `None` for a scan of a kind we leave to zune-jpeg (a sequential file
    /// whose scans do not each hold every component).
    fn read(
        s: &mut Reader,
        frame: &Frame,
        quant: &[Option<[u16; 64]>; 4],
        dc: &'t [Option<Box<Huffman>>; 4],
        ac: &'t [Option<Box<Huffman>>; 4],
    ) -> Result<Option<Scan<'t>>, String> {
        let n = usize::from(s.u8()?);
        if n == 0 || (!frame.progressive && n != frame.ids.len()) {
            return Ok(None);
        }
        let mut components: Vec<ScanComponent> = Vec::new();
        for _ in 0..n {
            let (id, tables) = (s.u8()?, s.u8()?);
            let plane = frame
                .ids
                .iter()
                .position(|c| c.0 == id)
                .ok_or("a scan of a component the frame lacks")?;
            if components.last().is_some_and(|c| c.plane >= plane) {
                return Err("a scan's components out of order".into());
            }
            let table =
                |set: &'t [Option<Box<Huffman>>; 4], at: u8| set.get(usize::from(at))?.as_deref();
            components.push(ScanComponent {
                plane,
                quant: quant
                    .get(frame.ids[plane].1)
                    .copied()
                    .flatten()
                    .ok_or("a quantization table the scan needs is missing")?,
                dc: table(dc, tables >> 4),
                ac: table(ac, tables & 15),
            });
        }
        let (start, end, bits) = (s.u8()?, s.u8()?, s.u8()?);
        let (high, low) = (u32::from(bits >> 4), u32::from(bits & 15));
        if !frame.progressive && (start, end, bits) != (0, 63, 0) {
            return Err("a sequential scan that is not of all 64 coefficients".into());
        }
        Ok(Some(Scan {
            components,
            start,
            end,
            high,
            low,
        }))
    }
}

/// One plane's samples, as wide and high as the component.
struct Plane<'p> {
    pixels: &'p mut [u8],
    width: usize,
    height: usize,
}

impl Plane<'_> {
    /// The block's samples at (`x`, `y`), what lies past the plane's edges left out.
    #[inline(always)]
    fn put_block(&mut self, coefficients: &[i16; 64], quant: &[u16; 64], x: usize, y: usize) {
        if x >= self.width || y >= self.height {
            return;
        }
        let samples = idct_islow(coefficients, quant);
        let cols = (self.width - x).min(8);
        for (r, row) in samples.chunks_exact(8).take(self.height - y).enumerate() {
            let at = (y + r) * self.width + x;
            self.pixels[at..at + cols].copy_from_slice(&row[..cols]);
        }
    }
}

/// `(x + 2^(n−1)) >> n`: libjpeg's rounding shift.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn descale(x: V, n: u32) -> V {
    (x + V::splat(1 << (n - 1))).shr(n)
}

/// One 1-D inverse DCT of 8 points on four lanes at once (the LL&M
/// butterflies with libjpeg's 13-bit constants), before the final scaling:
/// each output is still `2^CONST_BITS` times too large.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn idct_1d(d: [V; 8]) -> [V; 8] {
    let c = V::splat;
    let z1 = (d[2] + d[6]) * c(FIX_0_541196100);
    let tmp2 = z1 - d[6] * c(FIX_1_847759065);
    let tmp3 = z1 + d[2] * c(FIX_0_765366865);
    let tmp0 = (d[0] + d[4]).shl(CONST_BITS);
    let tmp1 = (d[0] - d[4]).shl(CONST_BITS);
    let (tmp10, tmp13) = (tmp0 + tmp3, tmp0 - tmp3);
    let (tmp11, tmp12) = (tmp1 + tmp2, tmp1 - tmp2);
    let (t0, t1, t2, t3) = (d[7], d[5], d[3], d[1]);
    let z5 = (t0 + t2 + t1 + t3) * c(FIX_1_175875602);
    let z1 = (t0 + t3) * c(-FIX_0_899976223);
    let z2 = (t1 + t2) * c(-FIX_2_562915447);
    let z3 = (t0 + t2) * c(-FIX_1_961570560) + z5;
    let z4 = (t1 + t3) * c(-FIX_0_390180644) + z5;
    let t0 = t0 * c(FIX_0_298631336) + z1 + z3;
    let t1 = t1 * c(FIX_2_053119869) + z2 + z4;
    let t2 = t2 * c(FIX_3_072711026) + z2 + z3;
    let t3 = t3 * c(FIX_1_501321110) + z1 + z4;
    [
        tmp10 + t3,
        tmp11 + t2,
        tmp12 + t1,
        tmp13 + t0,
        tmp13 - t0,
        tmp12 - t1,
        tmp11 - t2,
        tmp10 - t3,
    ]
}

/// libjpeg's range limit after the IDCT: the sample, centred back on 128
/// and clamped to 0–255, for any value its 10-bit table wraps to (out-of-
/// range values of corrupt data land where libjpeg's table puts them).
#[inline(always)]
fn range_limit(x: i32) -> u8 {
    let wrapped = x & 1023;
    match wrapped {
        0..=127 => (wrapped + 128) as u8,
        128..=511 => 255,
        512..=895 => 0,
        _ => (wrapped - 896) as u8,
    }
}

/// The islow inverse DCT of one block: columns, then rows. On simd128 in
/// 16 bits as libjpeg-turbo's SIMD code computes it (`pairs`), elsewhere
/// on four i32 lanes; no block of 8-bit samples comes near either's limits,
/// and a corrupt file's values wrap around, without a panic.
#[inline(always)]
fn idct_islow(coefficients: &[i16; 64], quant: &[u16; 64]) -> [u8; 64] {
    // A block of its DC coefficient alone (common in smooth areas) is flat:
    // what libjpeg's shortcuts for all-zero columns and rows make of it.
    if coefficients[1..].iter().all(|&c| c == 0) {
        let dc = i32::from(coefficients[0]).wrapping_mul(i32::from(quant[0]));
        return [range_limit(dc.wrapping_shl(PASS1_BITS).wrapping_add(16) >> (PASS1_BITS + 3)); 64];
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return pairs::idct_islow(coefficients, quant);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    idct_lanes(coefficients, quant)
}

/// The islow inverse DCT on four i32 lanes (`V`): what the native tests run.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn idct_lanes(coefficients: &[i16; 64], quant: &[u16; 64]) -> [u8; 64] {
    let dequantized: [i32; 64] =
        std::array::from_fn(|i| i32::from(coefficients[i]).wrapping_mul(i32::from(quant[i])));
    // Pass 1, columns 0–3 and then 4–7: each vector is one row of four
    // columns, so one 1-D IDCT does four columns.
    let mut mid = [[V::splat(0); 8]; 2]; // [column half][row]
    for (half, rows) in mid.iter_mut().enumerate() {
        let input = std::array::from_fn(|r| V::load(&dequantized[r * 8 + 4 * half..]));
        for (row, v) in rows.iter_mut().zip(idct_1d(input)) {
            *row = descale(v, CONST_BITS - PASS1_BITS);
        }
    }
    // Pass 2, rows 0–3 and then 4–7: transposed, each vector is one column
    // of four rows; transposed back to store them.
    let mut samples = [0i32; 64];
    for g in 0..2 {
        let tile = |half: usize| V::transpose(std::array::from_fn(|r| mid[half][4 * g + r]));
        let ([c0, c1, c2, c3], [c4, c5, c6, c7]) = (tile(0), tile(1));
        let out = idct_1d([c0, c1, c2, c3, c4, c5, c6, c7])
            .map(|v| descale(v, CONST_BITS + PASS1_BITS + 3));
        for half in 0..2 {
            let rows = V::transpose(std::array::from_fn(|k| out[4 * half + k]));
            for (r, v) in rows.into_iter().enumerate() {
                v.store(&mut samples[(4 * g + r) * 8 + 4 * half..]);
            }
        }
    }
    samples.map(range_limit)
}

/// The islow inverse DCT as libjpeg-turbo's SIMD code computes it: the
/// dequantized coefficients and the first pass's results in 16 bits (no
/// block of 8-bit samples comes near their limits), and each product pair of
/// the butterflies one `i32x4_dot_i16x8` — two multiplications and their sum
/// — with the constants the even and odd parts combine into. The same
/// integers as `idct_lanes`, in about half the instructions.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod pairs {
    use super::super::islow::pairs::{c, descale, pair, transpose};
    use super::*;
    use core::arch::wasm32::*;

    /// One 1-D pass over eight lanes (columns or rows) at once: for lanes
    /// 0–3 and 4–7, the eight outputs as i32x4, each still `2^CONST_BITS`
    /// times too large.
    #[inline(always)]
    fn pass(d: [v128; 8]) -> [[v128; 8]; 2] {
        let dot = i32x4_dot_i16x8;
        let (z3, z4) = (i16x8_add(d[7], d[3]), i16x8_add(d[5], d[1]));
        let mut out = [[i32x4_splat(0); 8]; 2];
        for (half, out) in out.iter_mut().enumerate() {
            let p04 = pair(half, d[0], d[4]);
            let p26 = pair(half, d[2], d[6]);
            let tmp0 = dot(p04, c(1 << CONST_BITS, 1 << CONST_BITS));
            let tmp1 = dot(p04, c(1 << CONST_BITS, -(1 << CONST_BITS)));
            let tmp2 = dot(p26, c(FIX_0_541196100, FIX_0_541196100 - FIX_1_847759065));
            let tmp3 = dot(p26, c(FIX_0_541196100 + FIX_0_765366865, FIX_0_541196100));
            let (tmp10, tmp13) = (i32x4_add(tmp0, tmp3), i32x4_sub(tmp0, tmp3));
            let (tmp11, tmp12) = (i32x4_add(tmp1, tmp2), i32x4_sub(tmp1, tmp2));
            // The odd part: t0…t3 are d7, d5, d3, d1; z3 = t0 + t2, z4 = t1 + t3.
            let p34 = pair(half, z3, z4);
            let p03 = pair(half, d[7], d[1]);
            let p12 = pair(half, d[5], d[3]);
            let z3 = dot(p34, c(FIX_1_175875602 - FIX_1_961570560, FIX_1_175875602));
            let z4 = dot(p34, c(FIX_1_175875602, FIX_1_175875602 - FIX_0_390180644));
            let t0 = dot(p03, c(FIX_0_298631336 - FIX_0_899976223, -FIX_0_899976223));
            let t3 = dot(p03, c(-FIX_0_899976223, FIX_1_501321110 - FIX_0_899976223));
            let t1 = dot(p12, c(FIX_2_053119869 - FIX_2_562915447, -FIX_2_562915447));
            let t2 = dot(p12, c(-FIX_2_562915447, FIX_3_072711026 - FIX_2_562915447));
            let (t0, t1) = (i32x4_add(t0, z3), i32x4_add(t1, z4));
            let (t2, t3) = (i32x4_add(t2, z3), i32x4_add(t3, z4));
            *out = [
                i32x4_add(tmp10, t3),
                i32x4_add(tmp11, t2),
                i32x4_add(tmp12, t1),
                i32x4_add(tmp13, t0),
                i32x4_sub(tmp13, t0),
                i32x4_sub(tmp12, t1),
                i32x4_sub(tmp11, t2),
                i32x4_sub(tmp10, t3),
            ];
        }
        out
    }

    pub fn idct_islow(coefficients: &[i16; 64], quant: &[u16; 64]) -> [u8; 64] {
        // SAFETY: each load reads 8 lanes of 2 bytes at `r * 8`, inside the
        // 64-lane arrays; v128 loads need no alignment.
        let rows: [v128; 8] = std::array::from_fn(|r| unsafe {
            i16x8_mul(
                v128_load(coefficients[r * 8..].as_ptr() as *const v128),
                v128_load(quant[r * 8..].as_ptr() as *const v128),
            )
        });
        // Pass 1, down the columns; its rows narrowed to 16 bits.
        let [left, right] = pass(rows);
        let mid: [v128; 8] = std::array::from_fn(|r| {
            let n = CONST_BITS - PASS1_BITS;
            i16x8_narrow_i32x4(descale(left[r], n), descale(right[r], n))
        });
        // Pass 2, along the rows: on the columns of the transposed rows,
        // giving the output's columns, range-limited, then transposed back.
        let [top, bottom] = pass(transpose(mid));
        let (wrap, high, top_value) = (i32x4_splat(1023), i32x4_splat(640), i32x4_splat(255));
        let limit = |x: v128| {
            let y = v128_and(
                i32x4_add(descale(x, CONST_BITS + PASS1_BITS + 3), i32x4_splat(128)),
                wrap,
            );
            v128_and(i32x4_min(y, top_value), i32x4_lt(y, high))
        };
        let columns: [v128; 8] =
            std::array::from_fn(|k| i16x8_narrow_i32x4(limit(top[k]), limit(bottom[k])));
        let out_rows = transpose(columns);
        let mut samples = [0u8; 64];
        for r in 0..4 {
            let bytes = u8x16_narrow_i16x8(out_rows[2 * r], out_rows[2 * r + 1]);
            let dst = &mut samples[16 * r..16 * r + 16];
            // SAFETY: `dst` is 16 bytes (bounds-checked by the slicing).
            unsafe { v128_store(dst.as_mut_ptr() as *mut v128, bytes) };
        }
        samples
    }
}
