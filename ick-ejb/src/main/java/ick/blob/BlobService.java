package ick.blob;

import ick.problem.InvalidInputException;
import ick.problem.NoSuchItemException;
import ick.protocol.BlobInfo;
import ick.protocol.ReadAhead;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.logging.Logger;

/**
 * The blob use cases: names checked, then handed to the {@link BlobStore}. Not transactional: blobs live
 * outside the database. Streams in and out; never holds a blob in memory.
 */
@ApplicationScoped
public class BlobService {
    private static final Logger LOG = Logger.getLogger(BlobService.class.getName());

    /**
     * The buffers in which a download is read, three of them: 4 MiB, like the upload's. Against 1 MiB, 5 GiB
     * downloads went from 705-836 to 877-973 MiB/s, in two runs back to back (docs/benchmarks.md).
     */
    private static final int BUFFER = 4 << 20;

    private BlobStore store;

    @Resource
    ManagedThreadFactory threads;

    @PostConstruct
    void open() {
        BlobSettings settings = BlobSettings.fromConfig();
        try {
            store = new FileBlobStore(settings.dir(), hashing -> threads.newThread(hashing).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the blob store in " + settings.dir(), e);
        }
        LOG.info(() -> "blob store in " + settings.dir());
    }

    public BlobStore store() {
        return store;
    }

    public BlobInfo info(String name) {
        check(name);
        try {
            return store.info(name).orElseThrow(() -> new NoSuchItemException("no blob " + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blob opened for reading; the caller closes it. */
    public BlobStore.Opened open(String name) {
        check(name);
        try {
            return store.open(name).orElseThrow(() -> new NoSuchItemException("no blob " + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code length} bytes of an opened blob from {@code first}, a buffer ahead of the caller, who sends
     * them on; the caller closes it, and then the blob.
     */
    public ReadAhead readAhead(BlobStore.Opened blob, long first, long length) {
        return ReadAhead.start(blob.channel(), first, length, BUFFER, task -> threads.newThread(task).start());
    }

    /** See {@link BlobStore#write}; an I/O failure (the client went away) propagates as IOException. */
    public BlobStore.Written write(String name, long offset, Long total, String expectedSha256,
                                    ReadableByteChannel body)
            throws IOException {
        check(name);
        try {
            return store.write(name, offset, total, expectedSha256, body);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    public long partialOffset(String name) {
        check(name);
        try {
            return store.partialOffset(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deletePartial(String name) {
        check(name);
        try {
            if (!store.deletePartial(name)) {
                throw new NoSuchItemException("no unfinished upload of " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String name) {
        check(name);
        try {
            if (!store.delete(name)) {
                throw new NoSuchItemException("no blob " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info(() -> "deleted blob " + name);
    }

    public List<BlobInfo> list(String prefix) {
        try {
            return store.list().stream().filter(b -> prefix == null || b.name().startsWith(prefix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(String name) {
        BlobNames.problem(name).ifPresent(p -> {
            throw new InvalidInputException(p);
        });
    }
}
