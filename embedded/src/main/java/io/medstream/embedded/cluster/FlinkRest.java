package io.medstream.embedded.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The read side of Flink's REST API, as the cluster commands and the chaos run need it. Every call
 * is a plain GET with a short timeout: a JobManager that does not answer is reported, not waited
 * for.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FlinkRest(String host, int port) {
        this.base = "http://" + host + ":" + port;
    }

    /** The web UI's address. */
    public String url() {
        return base;
    }

    /** GET {@code path} as JSON; throws when the JobManager does not answer 200. */
    public JsonNode get(String path) throws IOException {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + resp.statusCode());
            }
            return JSON.readTree(resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: GET " + path, e);
        }
    }

    /** Whether the JobManager's REST endpoint answers. */
    public boolean isUp() {
        try {
            get("/config");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Resource ids of the registered TaskManagers. */
    public Set<String> taskManagers() throws IOException {
        Set<String> ids = new TreeSet<>();
        get("/taskmanagers").path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
        return ids;
    }

    /** Ids, names and states of the cluster's jobs. */
    public List<JobOverview> jobs() throws IOException {
        List<JobOverview> out = new ArrayList<>();
        get("/jobs/overview")
                .path("jobs")
                .forEach(
                        j ->
                                out.add(
                                        new JobOverview(
                                                j.path("jid").asText(),
                                                j.path("name").asText(),
                                                j.path("state").asText())));
        return out;
    }

    /** One line of {@code /jobs/overview}. */
    public record JobOverview(String id, String name, String state) {}

    /**
     * Whether the job is RUNNING with every subtask RUNNING (after a restart, tasks are deployed
     * and initialise their state one by one).
     */
    public boolean allTasksRunning(String jobId) throws IOException {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            int parallelism = v.path("parallelism").asInt();
            if (v.path("tasks").path("RUNNING").asInt() != parallelism) {
                return false;
            }
        }
        return true;
    }

    /** The job's restart count (metric {@code numRestarts}). */
    public long restarts(String jobId) throws IOException {
        JsonNode m = get("/jobs/" + jobId + "/metrics?get=numRestarts");
        for (JsonNode n : m) {
            return n.path("value").asLong();
        }
        return 0;
    }

    /** Resource ids of the TaskManagers that run at least one of the job's subtasks now. */
    public Set<String> taskManagersOf(String jobId) throws IOException {
        Set<String> ids = new TreeSet<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            String vid = v.path("id").asText();
            get("/jobs/" + jobId + "/vertices/" + vid + "/taskmanagers")
                    .path("taskmanagers")
                    .forEach(tm -> ids.add(tm.path("taskmanager-id").asText()));
        }
        return ids;
    }

    /** Completed checkpoints of the job so far. */
    public long completedCheckpoints(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }
}
