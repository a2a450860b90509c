package io.medstream.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls the job's Prometheus endpoint (Flink's Prometheus reporter, as the embedded configuration
 * sets it up) and keeps, per task, the highest value of chosen gauges seen: how visible
 * backpressure ({@code backPressuredTimeMsPerSecond}) and source lag ({@code pendingRecords}) were
 * during a run.
 */
public final class PrometheusScrape implements AutoCloseable {
    // name{labels} value, e.g. flink_taskmanager_job_task_backPressuredTimeMsPerSecond{...} 812.0
    private static final Pattern LINE =
            Pattern.compile("^(flink_[A-Za-z0-9_]+)\\{([^}]*)\\}\\s+([-+0-9.eE]+|NaN)$");
    private static final Pattern TASK = Pattern.compile("task_name=\"([^\"]*)\"");

    private final URI uri;
    private final String[] suffixes;
    private final Map<String, Double> max = new TreeMap<>();
    private final Thread thread;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean running = true;
    private int scrapes;

    /**
     * @param suffixes metric name suffixes to keep, e.g. {@code _backPressuredTimeMsPerSecond}
     */
    public PrometheusScrape(int port, long periodMillis, String... suffixes) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        this.suffixes = suffixes.clone();
        this.thread =
                new Thread(
                        () -> {
                            while (running) {
                                scrapeOnce();
                                try {
                                    Thread.sleep(periodMillis);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "prometheus-scrape");
        thread.setDaemon(true);
        thread.start();
    }

    private void scrapeOnce() {
        String body;
        try {
            body =
                    http.send(
                                    HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
        } catch (IOException e) {
            return; // not up yet, or restarting: the next poll tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            scrapes++;
            for (String line : body.split("\n")) {
                Matcher m = LINE.matcher(line.trim());
                if (!m.matches() || m.group(3).equals("NaN")) {
                    continue;
                }
                String name = m.group(1);
                for (String suffix : suffixes) {
                    if (name.endsWith(suffix)) {
                        Matcher t = TASK.matcher(m.group(2));
                        String key = suffix.substring(1) + " / " + (t.find() ? t.group(1) : "?");
                        max.merge(key, Double.parseDouble(m.group(3)), Math::max);
                    }
                }
            }
        }
    }

    /** Highest value per "metric / task" over the run. */
    public synchronized Map<String, Double> maxima() {
        return new TreeMap<>(max);
    }

    public synchronized int scrapes() {
        return scrapes;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
