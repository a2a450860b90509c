package io.medstream.models.intendeduse;

/**
 * Whether a series is analysed by a model, and why not.
 *
 * @param analysed true when the series is inside the model's intended use
 * @param reason why it is not analysed (null when analysed); readable by the person who gets the
 *     output, and free of patient data
 * @param slices slices judged
 * @param outOfDistribution slices whose image is unlike the training images
 * @param medianDistance median out-of-distribution distance of the slices (NaN when none was
 *     measured)
 * @param threshold the detector's threshold
 */
public record GateDecision(
        boolean analysed,
        String reason,
        int slices,
        int outOfDistribution,
        double medianDistance,
        double threshold) {}
