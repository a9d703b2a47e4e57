package ick.web.ui;

import ick.protocol.WorkerInfo;
import ick.worker.Worker;
import ick.worker.WorkerService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;

/** The workers page: every worker, its labels, when it was last seen and what it runs. */
@Named
@RequestScoped
public class Workers {
    @EJB(lookup = Ejbs.GLOBAL + "WorkerService")
    WorkerService workers;

    private List<WorkerInfo> all;

    public List<WorkerInfo> getAll() {
        if (all == null) {
            all = workers.workers();
        }
        return all;
    }

    public boolean online(WorkerInfo worker) {
        return worker.lastSeen() != null && worker.lastSeen().isAfter(Instant.now().minus(Worker.ONLINE));
    }

    public String time(Instant instant) {
        return Durations.time(instant);
    }
}
