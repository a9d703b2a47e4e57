package ick.blob;

import ick.identity.Scopes;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The SHA-256 that a blob builds hand on by name must have (table {@code blob_pin}): a system tree, or a
 * workspace archived under an explicit {@code blob:}. Blob names are not owned, so a populate of such a name
 * takes its pin ({@code ick.build.BuildAction#toWorkItem}) and the worker refuses a blob that differs. A pin is
 * set by the successful archive that stored the blob (from its worker's result), or by a {@code PUT} of a client
 * that may also delete blobs (the admin, who may replace the blob anyway); anyone else's {@code PUT} leaves it as
 * it is. Deleting the blob leaves its pin, which only a build's archive or an admin's PUT replaces: a deleted
 * name is never open to its next writer. Every statement touches this table alone, so none waits for a build.
 */
@Stateless
public class BlobPins {
    private static final Logger LOG = Logger.getLogger(BlobPins.class.getName());

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    /** The pinned SHA-256 of blob {@code name}, if it has a pin. */
    public Optional<String> sha256Of(String name) {
        List<?> rows = em.createNativeQuery("select sha256 from ick.blob_pin where name = ?1")
                .setParameter(1, name).setFlushMode(FlushModeType.COMMIT).getResultList();
        return rows.stream().findFirst().map(String::valueOf);
    }

    /** A successful archive action of build {@code buildId} stored blob {@code name} with {@code sha256}. */
    public void storedBy(long buildId, String name, String sha256) {
        pin(name, sha256, buildId);
    }

    /**
     * A {@code PUT} of blob {@code name} completed with {@code sha256}: a client holding {@code scopes} that may
     * delete blobs ({@link Scopes#BLOBS_DELETE}) pins it so, whatever the name; anyone else's write changes no pin.
     */
    public void written(String name, String sha256, Collection<String> scopes) {
        if (scopes != null && scopes.contains(Scopes.BLOBS_DELETE)) {
            pin(name, sha256, null);
            LOG.info(() -> "blob " + name + " pinned at sha256 " + sha256 + " by a PUT of a client that may delete it");
        }
    }


    private void pin(String name, String sha256, Long buildId) {
        // an upsert: two builds archiving the same name at once must not fail either's result on a duplicate key;
        // no bound null for build_id (an untyped null parameter is no bigint to PostgreSQL)
        var upsert = em.createNativeQuery("insert into ick.blob_pin (name, sha256, pinned_at, build_id)"
                        + " values (?1, ?2, ?3, " + (buildId == null ? "null" : "?4") + ") on conflict (name) do update"
                        + " set sha256 = excluded.sha256, pinned_at = excluded.pinned_at, build_id = excluded.build_id")
                .setParameter(1, name).setParameter(2, sha256).setParameter(3, Timestamp.from(Instant.now()))
                .setFlushMode(FlushModeType.COMMIT);
        if (buildId != null) {
            upsert.setParameter(4, buildId);
        }
        upsert.executeUpdate();
    }
}
