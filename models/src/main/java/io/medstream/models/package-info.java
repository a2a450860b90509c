/**
 * Plain Java and DJL code of medstream: the DICOM codec, the synthetic phantoms, preprocessing and
 * the models. Nothing here imports Flink, so every piece can be tested and benchmarked without a
 * cluster.
 */
package io.medstream.models;
