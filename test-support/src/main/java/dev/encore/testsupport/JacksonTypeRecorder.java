package dev.encore.testsupport;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.type.CollectionType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * While a service's tests run, writes to {@value #FILE} (one class name per line) every encore class that Jackson
 * builds a serializer or deserializer for through Quarkus's ObjectMapper: REST bodies, REST clients and the
 * services' own {@code writeValueAs...} calls. A native image lets Jackson see only the classes registered for
 * reflection, so k8s's NativeSourcesIT checks every class recorded here against the native build's reflection
 * configuration. Test-only: test-support is on no service's runtime classpath.
 */
@Singleton
public class JacksonTypeRecorder implements ObjectMapperCustomizer {

    /** Relative to the module whose tests run. */
    public static final String FILE = "target/jackson-types.txt";

    // what an earlier run of the same module's tests recorded stays, once
    private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

    static {
        try {
            if (Files.isRegularFile(Path.of(FILE))) {
                RECORDED.addAll(Files.readAllLines(Path.of(FILE), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("encore-jackson-type-recorder")
                .setSerializerModifier(new BeanSerializerModifier() {
                    @Override
                    public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                              JsonSerializer<?> serializer) {
                        record(description.getBeanClass());
                        return serializer;
                    }

                    @Override
                    public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType type,
                                                                  BeanDescription description, JsonSerializer<?> serializer) {
                        record(description.getBeanClass());
                        return serializer;
                    }
                })
                .setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                                  JsonDeserializer<?> deserializer) {
                        record(description.getBeanClass());
                        return deserializer;
                    }

                    @Override
                    public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                                      BeanDescription description,
                                                                      JsonDeserializer<?> deserializer) {
                        record(description.getBeanClass());
                        return deserializer;
                    }

                    @Override
                    public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                                                                            BeanDescription description,
                                                                            JsonDeserializer<?> deserializer) {
                        record(type.getContentType().getRawClass());
                        return deserializer;
                    }
                }));
    }

    private static void record(Class<?> type) {
        if (!type.getName().startsWith("dev.encore.") || !RECORDED.add(type.getName())) {
            return;
        }
        try {
            Path file = Path.of(FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, type.getName() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
