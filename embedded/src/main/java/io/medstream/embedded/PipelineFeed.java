package io.medstream.embedded;

/**
 * What {@link PipelineRun} sends into the running job, and when. The default feed sends every input
 * at once; a feed of its own can send in phases and wait for outputs in between, e.g. publish a
 * model control command once the first masks are visible.
 */
@FunctionalInterface
public interface PipelineFeed {

    /**
     * Called once the job runs; returns when everything was sent (the run then waits for the
     * outputs).
     */
    void feed(LiveJob job) throws Exception;
}
