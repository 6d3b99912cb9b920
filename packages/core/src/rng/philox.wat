;; Philox4x32-10 in batches, four counters at a time in WebAssembly SIMD (v128) lanes.
;; Source of the bytes in philox-wasm.ts: regenerate with `node scripts/build-wasm.mjs` (wabt), never by hand.
;; The pure-TS `philox4x32_10` (philox.ts) is the reference; test/rng/philox-batch.test.ts checks that both
;; agree bit for bit, and that philox-wasm.ts holds exactly the assembly of this file.
;;
;; philoxBatch(at, c0, c1, c2, c3, k0, k1, n) writes, for j = 0 .. n−1, the four output words of
;; Philox4x32-10(counter = (c0, c1, c2, (c3 + j) mod 2^32), key = (k0, k1)) as record at + j of the imported
;; memory: bytes [16 (at + j), 16 (at + j) + 16), little-endian uint32 words in order (as `out[0..3]` of
;; philox4x32_10). Nothing else is written. A record out of bounds traps; philox-batch.ts checks first.
;;
;; One round (Random123 philox.h, multipliers PHILOX_M4x32_0/1, Weyl increments PHILOX_W32_0/1):
;;   (x0, x1, x2, x3) ← (hi(M1·x2) ⊕ x1 ⊕ k0, lo(M1·x2), hi(M0·x0) ⊕ x3 ⊕ k1, lo(M0·x0));  k += (W0, W1).
;; Lane l of $x0..$x3 holds word 0..3 of counter 8p + l, and lane l of $y0..$y3 that of counter 8p + 4 + l, in
;; pass p: two groups of four per pass, so that one group's multiplies overlap the other's (18 % faster than one
;; group per pass here; a batch that is not a multiple of 8 computes a few counters it does not store). The
;; 32×32→64-bit products come from i64x2.extmul_{low,high}_i32x4_u (lanes 0–1 and 2–3), whose high and low halves
;; two shuffles gather back into four-lane vectors (V8 on x64: vpmuludq and vshufps).
(module
  (import "mcx" "memory" (memory 1))
  (func (export "philoxBatch")
    (param $rec i32) (param $c0 i32) (param $c1 i32) (param $c2 i32) (param $c3 i32) (param $key0 i32) (param $key1 i32)
    (param $n i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (local $k0 v128) (local $k1 v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $e v128) (local $f v128) (local $g v128) (local $h v128)
    (local $ctr v128) (local $round i32) (local $at i32)
    (local.set $at (i32.shl (local.get $rec) (i32.const 4)))
    ;; word 3 of the counters of the current pair of groups: c3 + 8p + (0, 1, 2, 3), wrapping mod 2^32; the
    ;; second group (registers $y) is 4 further on
    (local.set $ctr (i32x4.add (i32x4.splat (local.get $c3)) (v128.const i32x4 0 1 2 3)))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $groups
        (local.set $x0 (i32x4.splat (local.get $c0)))
        (local.set $x1 (i32x4.splat (local.get $c1)))
        (local.set $x2 (i32x4.splat (local.get $c2)))
        (local.set $x3 (local.get $ctr))
        (local.set $y0 (local.get $x0))
        (local.set $y1 (local.get $x1))
        (local.set $y2 (local.get $x2))
        (local.set $y3 (i32x4.add (local.get $ctr) (v128.const i32x4 4 4 4 4)))
        (local.set $k0 (i32x4.splat (local.get $key0)))
        (local.set $k1 (i32x4.splat (local.get $key1)))
        (local.set $round (i32.const 10))
        (loop $rounds
          ;; group x: M0·x0 → $a (lanes 0, 1), $b (lanes 2, 3); M1·x2 → $c, $d
          ;; x2 ← hi(M0·x0) ⊕ x3 ⊕ k1 (the high halves are bytes 4–7 of each i64 lane); x3 ← lo(M0·x0)
          ;; x0 ← hi(M1·x2) ⊕ x1 ⊕ k0; x1 ← lo(M1·x2)
          (local.set $a (i64x2.extmul_low_i32x4_u (local.get $x0) (v128.const i32x4 0xd2511f53 0xd2511f53 0xd2511f53 0xd2511f53)))
          (local.set $b (i64x2.extmul_high_i32x4_u (local.get $x0) (v128.const i32x4 0xd2511f53 0xd2511f53 0xd2511f53 0xd2511f53)))
          (local.set $c (i64x2.extmul_low_i32x4_u (local.get $x2) (v128.const i32x4 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57)))
          (local.set $d (i64x2.extmul_high_i32x4_u (local.get $x2) (v128.const i32x4 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57)))
          (local.set $x2
            (v128.xor
              (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)) (local.get $x3))
              (local.get $k1)))
          (local.set $x3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
          (local.set $x0
            (v128.xor
              (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $c) (local.get $d)) (local.get $x1))
              (local.get $k0)))
          (local.set $x1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $c) (local.get $d)))
          ;; group y, the same round: independent of group x, so the two dependency chains overlap
          (local.set $e (i64x2.extmul_low_i32x4_u (local.get $y0) (v128.const i32x4 0xd2511f53 0xd2511f53 0xd2511f53 0xd2511f53)))
          (local.set $f (i64x2.extmul_high_i32x4_u (local.get $y0) (v128.const i32x4 0xd2511f53 0xd2511f53 0xd2511f53 0xd2511f53)))
          (local.set $g (i64x2.extmul_low_i32x4_u (local.get $y2) (v128.const i32x4 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57)))
          (local.set $h (i64x2.extmul_high_i32x4_u (local.get $y2) (v128.const i32x4 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57 0xcd9e8d57)))
          (local.set $y2
            (v128.xor
              (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $e) (local.get $f)) (local.get $y3))
              (local.get $k1)))
          (local.set $y3 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $e) (local.get $f)))
          (local.set $y0
            (v128.xor
              (v128.xor (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $g) (local.get $h)) (local.get $y1))
              (local.get $k0)))
          (local.set $y1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $g) (local.get $h)))
          (local.set $k0 (i32x4.add (local.get $k0) (v128.const i32x4 0x9e3779b9 0x9e3779b9 0x9e3779b9 0x9e3779b9)))
          (local.set $k1 (i32x4.add (local.get $k1) (v128.const i32x4 0xbb67ae85 0xbb67ae85 0xbb67ae85 0xbb67ae85)))
          (br_if $rounds (local.tee $round (i32.sub (local.get $round) (i32.const 1)))))
        ;; 4×4 transposes: rows = words 0..3 of a group, columns = counters → four 16-byte output records each;
        ;; store the records, but none past the n-th: $n counts the records still to write
        (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
        (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
        (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
        (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
        (v128.store offset=0 (local.get $at) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
        (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
        (v128.store offset=16 (local.get $at) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
        (br_if $done (i32.lt_u (local.get $n) (i32.const 3)))
        (v128.store offset=32 (local.get $at) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
        (br_if $done (i32.lt_u (local.get $n) (i32.const 4)))
        (v128.store offset=48 (local.get $at) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d)))
        (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $y0) (local.get $y1)))
        (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $y0) (local.get $y1)))
        (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $y2) (local.get $y3)))
        (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $y2) (local.get $y3)))
        (br_if $done (i32.lt_u (local.get $n) (i32.const 5)))
        (v128.store offset=64 (local.get $at) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
        (br_if $done (i32.lt_u (local.get $n) (i32.const 6)))
        (v128.store offset=80 (local.get $at) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
        (br_if $done (i32.lt_u (local.get $n) (i32.const 7)))
        (v128.store offset=96 (local.get $at) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
        (br_if $done (i32.lt_u (local.get $n) (i32.const 8)))
        (v128.store offset=112 (local.get $at) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d)))
        (local.set $ctr (i32x4.add (local.get $ctr) (v128.const i32x4 8 8 8 8)))
        (local.set $at (i32.add (local.get $at) (i32.const 128)))
        (br_if $groups (local.tee $n (i32.sub (local.get $n) (i32.const 8)))))))
)
