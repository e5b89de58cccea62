package io.flowcast.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The generated classes round-trip, and readers keep working when a writer adds an optional field. */
class SchemaEvolutionTest {

  @Test
  void readerIgnoresAnOptionalFieldAddedByANewerWriter() throws IOException {
    Schema newer = withOptionalField(SensorReading.getClassSchema(), "firmware");
    GenericRecord written = new GenericData.Record(newer);
    written.put("sensorId", "pump-7");
    written.put("eventTime", 1_700_000_000_000L);
    written.put("value", 42.5);
    written.put("channels", Map.of("temperature", 21.0));
    written.put("firmware", "v2.1");
    byte[] bytes = encode(newer, written);

    SpecificDatumReader<SensorReading> reader = new SpecificDatumReader<>(newer, SensorReading.getClassSchema());
    SensorReading read = reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));

    assertThat(read.getSensorId()).isEqualTo("pump-7");
    assertThat(read.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(read.getValue()).isEqualTo(42.5);
    assertThat(read.getChannels()).containsEntry("temperature", 21.0);
  }

  @Test
  void newerReaderFillsTheDefaultForRecordsOfAnOlderWriter() throws IOException {
    Forecast forecast = sampleForecast();
    byte[] bytes = encodeSpecific(forecast);
    Schema newer = withOptionalField(Forecast.getClassSchema(), "region");

    GenericRecord read = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(Forecast.getClassSchema(), newer)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));

    assertThat(read.get("region")).isNull();
    assertThat(read.get("modelVersion")).isEqualTo(3L);
  }

  @Test
  void forecastRoundTrips() throws IOException {
    Forecast forecast = sampleForecast();
    byte[] bytes = encodeSpecific(forecast);
    Forecast read = new SpecificDatumReader<>(Forecast.class).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    assertThat(read).isEqualTo(forecast);
  }

  private static Forecast sampleForecast() {
    return Forecast.newBuilder()
        .setSensorId("pump-7")
        .setWindowStart(Instant.ofEpochMilli(0))
        .setWindowEnd(Instant.ofEpochMilli(60_000))
        .setForecasts(List.of(1.0, 2.0))
        .setLower(List.of(0.5, 1.0))
        .setUpper(List.of(1.5, 3.0))
        .setActual(1.2)
        .setResidual(0.2)
        .setAnomalyScore(0.7)
        .setAnomaly(false)
        .setModelVersion(3L)
        .build();
  }

  /** The same record schema with one more field: an optional string defaulting to null. */
  private static Schema withOptionalField(Schema base, String name) {
    List<Schema.Field> fields = new java.util.ArrayList<>();
    for (Schema.Field field : base.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    Schema optionalString = SchemaBuilder.unionOf().nullType().and().stringType().endUnion();
    fields.add(new Schema.Field(name, optionalString, "added by a newer writer", Schema.Field.NULL_DEFAULT_VALUE));
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static byte[] encodeSpecific(Forecast forecast) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(Forecast.class).write(forecast, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
