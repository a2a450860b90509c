/**
 * Deterministic synthetic CT/MR phantom slices with ground truth (masks and structured lesion
 * findings).
 *
 * <p>Entry point: {@link io.medstream.phantom.PhantomGenerator}. Everything random is drawn from a
 * {@link java.util.SplittableRandom} seeded from (seed, series index, slice index), so any slice
 * can be generated on its own and is bit-identical across runs and JVMs. Parameters, intensity
 * tables, the orientation convention and the ground-truth file layout are documented in {@code
 * docs/PHANTOMS.md}.
 *
 * <p>Images are row-major: pixel (row r, column c) is index {@code r * columns + c}; row 0 is
 * anterior (top), column 0 is the patient's right (radiological convention).
 */
package io.medstream.phantom;
