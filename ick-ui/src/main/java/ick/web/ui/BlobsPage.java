package ick.web.ui;

import ick.blob.BlobCatalog;
import ick.blob.BlobListing;
import ick.blob.BlobRetentionJobs;
import ick.problem.InvalidInputException;
import ick.problem.NoSuchItemException;
import ick.protocol.BlobRetentionReport;
import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The artifact store: its blobs a page at a time, filtered by name prefix and sorted, each with the projects
 * that keep it from retention and a download link; for admins, delete (after a confirmation on a page of its
 * own, so that no script is needed) and running retention now.
 */
@Named
@ViewScoped
public class BlobsPage implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 50;
    /** How long the page waits for a retention run before saying it is still going. */
    static final Duration RETENTION_WAIT = Duration.ofSeconds(30);

    @EJB(lookup = Ejbs.GLOBAL + "BlobCatalog")
    transient BlobCatalog catalog;

    @EJB(lookup = Ejbs.GLOBAL + "BlobRetentionJobs")
    transient BlobRetentionJobs retention;

    private String prefix;
    /** {@code name}, {@code size} or {@code stored}; with a leading {@code -} descending. */
    private String sort;
    private int page;
    /** The blob whose deletion the page asks to confirm. */
    private String delete;
    private transient BlobListing listing;
    private transient BlobListing.Entry confirm;

    public void load() {
        boolean descending = sort != null && sort.startsWith("-");
        BlobListing.Sort order = BlobListing.Sort.fromJson(descending ? sort.substring(1) : sort).orElse(null);
        if (order == null) {
            order = BlobListing.Sort.NAME;
            descending = false;
        }
        sort = (descending ? "-" : "") + order.json();
        page = Math.max(0, page);
        listing = catalog.list(getPrefix(), order, descending, page * PAGE_SIZE, PAGE_SIZE);
        if (delete != null && !delete.isEmpty() && FacesContext.getCurrentInstance().getExternalContext()
                .isUserInRole(ick.identity.UserRole.ADMIN_ROLE)) {
            try {
                confirm = catalog.entry(delete);
            } catch (NoSuchItemException | InvalidInputException e) {
                FacesContext.getCurrentInstance().addMessage(null, Links.warning("There is no blob " + delete + "."));
            }
        }
    }

    /** Deletes the blob the page asked about (admins only), then shows the list again. */
    public void deleteConfirmed() throws IOException {
        Viewer.requireAdmin();
        String name = delete;
        try {
            catalog.delete(name);
            Links.redirect(Links.info("Deleted blob " + name + "."), "blobs.xhtml", "prefix", getPrefix(), "sort", sort);
        } catch (NoSuchItemException | InvalidInputException e) {
            Links.redirect(Links.warning("There is no blob " + name + " (deleted meanwhile?)."), "blobs.xhtml",
                    "prefix", getPrefix(), "sort", sort);
        }
    }

    /** Runs blob retention now with the configured age limit (admins only) and says what it did. */
    public void runRetention() throws IOException, InterruptedException {
        Viewer.requireAdmin();
        BlobRetentionReport report = retention.run(null, RETENTION_WAIT);
        String text = switch (report.status()) {
            case "COMPLETED" -> "Retention run " + report.execution() + " deleted " + report.deleted().size()
                    + " blob(s) and " + report.partials().size() + " unfinished upload(s), freed "
                    + Sizes.human(report.freedBytes()) + ", kept " + report.kept() + " blob(s)"
                    + (report.deleted().isEmpty() ? "." : ": " + String.join(", ", report.deleted()) + ".");
            case "STARTED" -> "Retention run " + report.execution() + " is still going; its report will be in the"
                    + " server log.";
            default -> "Retention run " + report.execution() + " ended " + report.status() + "; see the server log.";
        };
        Links.redirect("COMPLETED".equals(report.status()) ? Links.info(text) : Links.warning(text), "blobs.xhtml",
                "prefix", getPrefix(), "sort", sort);
    }

    /** The sort parameter of a column's heading link: by that column, the other way round if it is the current one. */
    public String sortBy(String column) {
        return column.equals(sort) ? "-" + column : column;
    }

    /** ▲ or ▼ beside the column the list is sorted by. */
    public String arrow(String column) {
        if (column.equals(sort)) {
            return " ▲";
        }
        return ("-" + column).equals(sort) ? " ▼" : "";
    }

    public String getPrefix() {
        return prefix == null || prefix.isEmpty() ? null : prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getSort() {
        return sort;
    }

    public void setSort(String sort) {
        this.sort = sort;
    }

    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = page;
    }

    public String getDelete() {
        return delete;
    }

    public void setDelete(String delete) {
        this.delete = delete;
    }

    public List<BlobListing.Entry> getBlobs() {
        return listing == null ? List.of() : listing.blobs();
    }

    public BlobListing getListing() {
        return listing;
    }

    public BlobListing.Entry getConfirm() {
        return confirm;
    }

    public long getRetentionDays() {
        return catalog.retentionAge().toDays();
    }

    public String size(long bytes) {
        return Sizes.human(bytes);
    }

    public String time(Instant instant) {
        return Durations.time(instant);
    }

    public String shortSha(String sha256) {
        return sha256.length() > 16 ? sha256.substring(0, 16) + "…" : sha256;
    }

    public String join(List<String> names) {
        return String.join(", ", names);
    }
}
