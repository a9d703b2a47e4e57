package ick.client.worker;

import ick.client.http.FakeController;
import ick.client.http.FakeController.Reply;
import ick.protocol.Json;
import ick.protocol.WorkItem;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** What the worker loop tests share: a fake controller's work queue and the loop on a thread of its own. */
final class WorkerLoop {
    private WorkerLoop() {
    }

    /** The first poll gets {@code item}; later polls find nothing (204 after a short wait). */
    static void serve(FakeController controller, WorkItem item) {
        AtomicInteger polls = new AtomicInteger();
        controller.on("GET /api/v1/work", call -> {
            if (polls.getAndIncrement() == 0) {
                return Reply.json(200, Json.mapper().writeValueAsString(item));
            }
            Thread.sleep(100);
            return Reply.status(204);
        });
    }

    /** Runs {@link Worker#run()}; the future completes with its answer when it returns. */
    static CompletableFuture<Boolean> run(Worker worker) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return worker.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
