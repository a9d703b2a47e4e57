package ick.blob;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.BlobInfo;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobListingTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final List<BlobInfo> BLOBS = List.of(
            new BlobInfo("b", 300, "bb", T0.plusSeconds(1)),
            new BlobInfo("a", 10, "aa", T0.plusSeconds(3)),
            new BlobInfo("c", 300, "cc", T0.plusSeconds(2)));

    private static List<String> names(BlobListing listing) {
        return listing.blobs().stream().map(e -> e.blob().name()).toList();
    }

    @Test
    void sortsByNameSizeOrTimeEitherWay() {
        assertThat(names(BlobListing.of(BLOBS, Map.of(), BlobListing.Sort.NAME, false, 0, 10))).containsExactly("a", "b", "c");
        assertThat(names(BlobListing.of(BLOBS, Map.of(), BlobListing.Sort.SIZE, true, 0, 10))).containsExactly("c", "b", "a");
        assertThat(names(BlobListing.of(BLOBS, Map.of(), BlobListing.Sort.STORED, true, 0, 10))).containsExactly("a", "c", "b");
        assertThat(BlobListing.Sort.fromJson("size")).contains(BlobListing.Sort.SIZE);
        assertThat(BlobListing.Sort.fromJson("<script>")).isEmpty();
    }

    @Test
    void aPageIsASliceWithTheTotalsOfAll() {
        BlobListing second = BlobListing.of(BLOBS, Map.of("c", List.of("hello")), BlobListing.Sort.NAME, false, 2, 2);
        assertThat(names(second)).containsExactly("c");
        assertThat(second.blobs().get(0).keptFor()).containsExactly("hello");
        assertThat(second.total()).isEqualTo(3);
        assertThat(second.totalBytes()).isEqualTo(610);
        assertThat(second.more()).isFalse();
        assertThat(BlobListing.of(BLOBS, Map.of(), BlobListing.Sort.NAME, false, 0, 2).more()).isTrue();
        assertThat(BlobListing.of(BLOBS, Map.of(), BlobListing.Sort.NAME, false, 99, 2).blobs()).isEmpty();
    }

    @Test
    void eachReferencedBlobNamesTheProjectsThatKeepIt() {
        PipelineSpec upload = new PipelineSpec("upload", List.of(), List.of(Map.of("archive", "workspace", "blob", "shared/tools")));
        Map<String, List<String>> keptFor = BlobReferences.byName(List.of(
                new ProjectSpec("one", Map.of(), List.of("upload")), new ProjectSpec("two", Map.of(), List.of("upload"))),
                name -> name.equals("upload") ? upload : null);
        assertThat(keptFor.get("shared/tools")).containsExactly("one", "two");
        assertThat(keptFor.get("workspace/one")).containsExactly("one");
        assertThat(keptFor.get("systree/two")).containsExactly("two");
    }
}
