package io.flowcast.model.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.history.HistoryFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedFileReaderTest {
  @TempDir Path dir;

  private Path write(String name, String... lines) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines));
    return file;
  }

  @Test
  void readsNabsLayoutOneSensorPerFileNamedByItsRelativePath() throws Exception {
    write("realAWS/a.csv", "timestamp,value", "2014-02-14 14:30:00,0.132", "2014-02-14 14:35:00,0.134");
    write("artificial/b.csv", "timestamp,value", "2014-04-01 00:00:00,20", "2014-04-01 00:05:00,");

    List<RecordedFile> files = new RecordedFileReader(null, 0).read(dir);

    assertThat(files).extracting(RecordedFile::name).containsExactly("artificial/b.csv", "realAWS/a.csv");
    RecordedFile a = files.get(1);
    assertThat(a.wide()).isFalse();
    assertThat(a.sensorId(0)).isEqualTo("realAWS/a");
    assertThat(a.timeTexts()).containsExactly("2014-02-14 14:30:00", "2014-02-14 14:35:00");
    assertThat(a.values()[0]).containsExactly(0.132, 0.134);
    assertThat(a.samplingIntervalMillis()).isEqualTo(300_000);
    assertThat(files.get(0).values()[0][1]).isNaN(); // an empty value is a missing reading
  }

  @Test
  void aWideFileIsOneSensorPerValueColumnAndRowsCanBeLimited() throws Exception {
    Path file = write("ETTh2.csv", "date,HUFL,OT", "2016-07-01 00:00:00,41.1,38.6", "2016-07-01 01:00:00,37.5,38.2",
        "2016-07-01 02:00:00,38.2,38.1");

    RecordedFile read = new RecordedFileReader(null, 2).read(file).get(0);

    assertThat(read.wide()).isTrue();
    assertThat(read.timeColumn()).isEqualTo("date");
    assertThat(read.valueColumns()).containsExactly("HUFL", "OT");
    assertThat(read.rows()).isEqualTo(2);
    assertThat(read.sensorId(1)).isEqualTo("ETTh2#OT");
    assertThat(read.values()[1]).containsExactly(38.6, 38.2);
  }

  @Test
  void aNamedTimeColumnNeedNotBeTheFirst() throws Exception {
    Path file = write("x.csv", "value,when", "1.5,2020-01-01T00:00:00Z");
    RecordedFile read = new RecordedFileReader("when", 0).read(file).get(0);
    assertThat(read.valueColumns()).containsExactly("value");
    assertThat(read.times()[0]).isEqualTo(1_577_836_800_000L);
  }

  @Test
  void badRowsNameTheFileAndLine() throws Exception {
    Path unparsable = write("u.csv", "timestamp,value", "2014-02-14 14:30:00,1", "2014-02-14 14:35:00,abc");
    Path fields = write("f.csv", "timestamp,value", "2014-02-14 14:30:00,1,2");
    Path backwards = write("b.csv", "timestamp,value", "2014-02-14 14:30:00,1", "2014-02-14 14:25:00,2");
    Path badTime = write("t.csv", "timestamp,value", "yesterday,1");
    Path noColumn = write("n.csv", "timestamp,value", "2014-02-14 14:30:00,1");
    RecordedFileReader reader = new RecordedFileReader(null, 0);

    assertThatThrownBy(() -> reader.read(unparsable)).isInstanceOf(HistoryFormatException.class)
        .hasMessageStartingWith(unparsable + ":3: ").hasMessageContaining("unparsable value 'abc'");
    assertThatThrownBy(() -> reader.read(fields)).hasMessageStartingWith(fields + ":2: 3 fields");
    assertThatThrownBy(() -> reader.read(backwards)).hasMessageStartingWith(backwards + ":3: ")
        .hasMessageContaining("time order");
    assertThatThrownBy(() -> reader.read(badTime)).hasMessageStartingWith(badTime + ":2: ");
    assertThatThrownBy(() -> new RecordedFileReader("time", 0).read(noColumn)).hasMessageStartingWith(noColumn + ":1: ")
        .hasMessageContaining("--time-column");
    assertThatThrownBy(() -> reader.read(write("e.csv", "timestamp,value"))).hasMessageContaining("no data rows");
    assertThatThrownBy(() -> reader.read(write("h.csv", ""))).hasMessageContaining("no header");
  }
}
