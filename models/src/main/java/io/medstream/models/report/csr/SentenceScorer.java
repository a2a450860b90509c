package io.medstream.models.report.csr;

import io.medstream.schemas.ModelRef;

import java.util.List;

/** R_image provider for the search: raw 100·cos(image, sentence) per sentence. */
public interface SentenceScorer {

    double[] score(float[] image, List<String> sentences);

    ModelRef modelRef();
}
