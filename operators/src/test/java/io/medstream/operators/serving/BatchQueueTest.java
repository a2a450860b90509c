package io.medstream.operators.serving;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchQueueTest {

    @Test
    void aFullBatchIsCutAtOnceAndTheRestWaitsForTheNextTake() throws Exception {
        BatchQueue<Integer> q = new BatchQueue<>(3, 60_000);
        for (int i = 0; i < 5; i++) {
            q.put(i);
        }
        long t0 = System.nanoTime();
        assertThat(q.take()).containsExactly(0, 1, 2);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(30_000); // not the delay
        assertThat(q.size()).isEqualTo(2);
    }

    @Test
    void aPartialBatchIsCutWhenItsOldestElementHasWaitedTheDelay() throws Exception {
        BatchQueue<String> q = new BatchQueue<>(8, 200);
        q.put("a");
        long t0 = System.nanoTime();
        List<String> batch = q.take();
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertThat(batch).containsExactly("a");
        assertThat(waited).isGreaterThanOrEqualTo(150); // waited for company, about the delay
    }

    @Test
    void elementsThatAlreadyWaitedTheDelayGoOutWithoutWaitingAgain() throws Exception {
        BatchQueue<String> q = new BatchQueue<>(8, 100);
        q.put("a");
        q.put("b");
        Thread.sleep(150); // the workers were busy
        long t0 = System.nanoTime();
        assertThat(q.take()).containsExactly("a", "b");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(50);
    }

    @Test
    void elementsArrivingWhileABatchWaitsJoinIt() throws Exception {
        BatchQueue<Integer> q = new BatchQueue<>(3, 10_000);
        q.put(1);
        Thread producer =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                return;
                            }
                            q.put(2);
                            q.put(3);
                        });
        producer.start();
        assertThat(q.take()).containsExactly(1, 2, 3); // cut by size, long before the delay
        producer.join();
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new BatchQueue<>(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchQueue<>(1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
