package dev.encore.edge.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.pgv.validate.Validate;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The field rules Envoy's API declares with protoc-gen-validate options ({@code validate.rules} on fields,
 * {@code validate.required} on oneofs, {@code validate.disabled}/{@code ignored} on messages; github.com/bufbuild/
 * protoc-gen-validate, validate/validate.proto), checked on a parsed configuration the way Envoy checks them when it
 * loads one: a field a rule says is required, a string that must not be empty, a duration that must be positive, an
 * enum value that must be defined... Any-packed typed configs are unpacked with the given registry and checked too.
 * Covers every rule kind validate.proto defines except timestamp rules (Envoy's bootstrap has no timestamp) and the
 * email/uri well-known string formats, approximated by Java's parsers.
 */
final class PgvRules {

    // RFC 7230 token, with HTTP/2's leading colon, and a field value (PGV's HTTP_HEADER_NAME / HTTP_HEADER_VALUE)
    private static final Pattern HEADER_NAME = Pattern.compile("^:?[0-9a-zA-Z!#$%&'*+\\-.^_|~`]+$");
    private static final Pattern HEADER_VALUE = Pattern.compile("^[^\\u0000-\\u0008\\u000A-\\u001F\\u007F]*$");
    private static final Pattern LOOSE_HEADER = Pattern.compile("^[^\\u0000\\u000A\\u000D]*$");
    private static final Pattern HOSTNAME = Pattern.compile(
            "^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\.?$");
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile("^(" + OCTET + "\\.){3}" + OCTET + "$");
    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Set<String> WRAPPERS = Set.of("google.protobuf.DoubleValue", "google.protobuf.FloatValue",
            "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
            "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
            "google.protobuf.BytesValue");

    private final JsonFormat.TypeRegistry types;
    private final List<String> violations = new ArrayList<>();

    private PgvRules(JsonFormat.TypeRegistry types) {
        this.types = types;
    }

    /** Every rule {@code message} (and every message inside it) breaks, as "path: what", in field order. */
    static List<String> violations(Message message, JsonFormat.TypeRegistry types) {
        PgvRules rules = new PgvRules(types);
        rules.message(message, message.getDescriptorForType().getName());
        return rules.violations;
    }

    private void message(Message message, String path) {
        Descriptor type = message.getDescriptorForType();
        if (type.getFullName().equals(Any.getDescriptor().getFullName())) {
            any(message, path);
            return;
        }
        if (type.getOptions().getExtension(Validate.disabled) || type.getOptions().getExtension(Validate.ignored)) {
            return;
        }
        for (OneofDescriptor oneof : type.getRealOneofs()) {
            if (oneof.getOptions().getExtension(Validate.required) && !message.hasOneof(oneof)) {
                violations.add(path + ": one of " + oneof.getName() + " is required");
            }
        }
        for (FieldDescriptor field : type.getFields()) {
            if (field.getRealContainingOneof() != null && !message.hasField(field)) {
                continue; // a oneof's rules hold for the member that is set
            }
            Validate.FieldRules rules = field.getOptions().getExtension(Validate.rules);
            String at = path + "." + field.getJsonName();
            if (field.isMapField()) {
                map(message, field, rules, at);
            } else if (field.isRepeated()) {
                repeated(message, field, rules, at);
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                singular(message, field, rules, at);
            } else if (!field.hasPresence() || message.hasField(field) || !isEmpty(message.getField(field))) {
                scalar(message.getField(field), field, rules, at);
            }
        }
    }

    private void any(Message any, String path) {
        String url = (String) any.getField(any.getDescriptorForType().findFieldByName("type_url"));
        ByteString value = (ByteString) any.getField(any.getDescriptorForType().findFieldByName("value"));
        Descriptor type = types.find(url.substring(url.lastIndexOf('/') + 1));
        if (type == null) {
            violations.add(path + ": unknown type " + url);
            return;
        }
        try {
            message(DynamicMessage.parseFrom(type, value), path + "[" + type.getName() + "]");
        } catch (InvalidProtocolBufferException e) {
            violations.add(path + ": " + e.getMessage());
        }
    }

    private void singular(Message message, FieldDescriptor field, Validate.FieldRules rules, String at) {
        boolean set = message.hasField(field);
        if (rules.getMessage().getRequired() && !set) {
            violations.add(at + ": is required");
        }
        if (!set) {
            return;
        }
        Message value = (Message) message.getField(field);
        String typeName = field.getMessageType().getFullName();
        if (WRAPPERS.contains(typeName)) {
            scalar(value.getField(value.getDescriptorForType().findFieldByName("value")), field, rules, at);
        } else if (rules.hasDuration()) {
            duration(value, rules.getDuration(), at);
        } else if (rules.hasAny()) {
            anyRules(value, rules.getAny(), at);
        }
        if (!rules.getMessage().getSkip()) {
            message(value, at);
        }
    }

    private void repeated(Message message, FieldDescriptor field, Validate.FieldRules rules, String at) {
        int count = message.getRepeatedFieldCount(field);
        Validate.RepeatedRules repeated = rules.getRepeated();
        if (repeated.getIgnoreEmpty() && count == 0) {
            return;
        }
        count(count, repeated.hasMinItems() ? repeated.getMinItems() : null,
                repeated.hasMaxItems() ? repeated.getMaxItems() : null, "items", at);
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Object item = message.getRepeatedField(field, i);
            String itemAt = at + "[" + i + "]";
            if (repeated.getUnique() && !seen.add(item)) {
                violations.add(itemAt + ": repeats an earlier item");
            }
            if (item instanceof Message nested) {
                if (repeated.hasItems() && repeated.getItems().hasDuration()) {
                    duration(nested, repeated.getItems().getDuration(), itemAt);
                }
                if (!repeated.getItems().getMessage().getSkip()) {
                    message(nested, itemAt);
                }
            } else if (repeated.hasItems()) {
                scalar(item, field, repeated.getItems(), itemAt);
            }
        }
    }

    private void map(Message message, FieldDescriptor field, Validate.FieldRules rules, String at) {
        int count = message.getRepeatedFieldCount(field);
        Validate.MapRules map = rules.getMap();
        if (map.getIgnoreEmpty() && count == 0) {
            return;
        }
        count(count, map.hasMinPairs() ? map.getMinPairs() : null, map.hasMaxPairs() ? map.getMaxPairs() : null,
                "entries", at);
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        for (int i = 0; i < count; i++) {
            Message entry = (Message) message.getRepeatedField(field, i);
            Object key = entry.getField(keyField);
            Object value = entry.getField(valueField);
            String entryAt = at + "[" + key + "]";
            if (map.hasKeys()) {
                scalar(key, keyField, map.getKeys(), entryAt + " (key)");
            }
            if (value instanceof Message nested) {
                message(nested, entryAt);
            } else if (map.hasValues()) {
                scalar(value, valueField, map.getValues(), entryAt);
            }
        }
    }

    private void scalar(Object value, FieldDescriptor field, Validate.FieldRules rules, String at) {
        switch (rules.getTypeCase()) {
            case STRING -> string((String) value, rules.getString(), at);
            case BYTES -> bytes((ByteString) value, rules.getBytes(), at);
            case ENUM -> enumeration((EnumValueDescriptor) value, rules.getEnum(), at);
            case BOOL -> {
                if (rules.getBool().hasConst() && rules.getBool().getConst() != (Boolean) value) {
                    violations.add(at + ": must be " + rules.getBool().getConst());
                }
            }
            case TYPE_NOT_SET, REPEATED, MAP, ANY, DURATION, TIMESTAMP -> {
                // no scalar rule
            }
            default -> number(new BigDecimal(value.toString()), numericRules(rules), at);
        }
    }

    private static Message numericRules(Validate.FieldRules rules) {
        FieldDescriptor set = Validate.FieldRules.getDescriptor().findFieldByNumber(rules.getTypeCase().getNumber());
        return (Message) rules.getField(set);
    }

    /** const, lt, lte, gt, gte (an inverted range means outside it), in, not_in, ignore_empty: every number kind. */
    private void number(BigDecimal value, Message rules, String at) {
        if (has(rules, "ignore_empty") && (Boolean) get(rules, "ignore_empty") && value.signum() == 0) {
            return;
        }
        if (has(rules, "const") && value.compareTo(decimal(get(rules, "const"))) != 0) {
            violations.add(at + ": must be " + get(rules, "const"));
        }
        BigDecimal lower = has(rules, "gt") ? decimal(get(rules, "gt")) : has(rules, "gte") ? decimal(get(rules, "gte")) : null;
        BigDecimal upper = has(rules, "lt") ? decimal(get(rules, "lt")) : has(rules, "lte") ? decimal(get(rules, "lte")) : null;
        boolean aboveLower = lower == null || (has(rules, "gt") ? value.compareTo(lower) > 0 : value.compareTo(lower) >= 0);
        boolean belowUpper = upper == null || (has(rules, "lt") ? value.compareTo(upper) < 0 : value.compareTo(upper) <= 0);
        boolean inverted = lower != null && upper != null && lower.compareTo(upper) > 0;
        if (inverted ? !(aboveLower || belowUpper) : !(aboveLower && belowUpper)) {
            violations.add(at + ": " + value + " is outside " + rangeText(rules));
        }
        List<?> in = (List<?>) get(rules, "in");
        if (!in.isEmpty() && in.stream().noneMatch(option -> decimal(option).compareTo(value) == 0)) {
            violations.add(at + ": must be one of " + in);
        }
        if (((List<?>) get(rules, "not_in")).stream().anyMatch(option -> decimal(option).compareTo(value) == 0)) {
            violations.add(at + ": must not be " + value);
        }
    }

    private void string(String value, Validate.StringRules rules, String at) {
        if (rules.getIgnoreEmpty() && value.isEmpty()) {
            return;
        }
        long chars = value.codePointCount(0, value.length());
        long bytes = value.getBytes(StandardCharsets.UTF_8).length;
        check(!rules.hasConst() || value.equals(rules.getConst()), at, "must be \"" + rules.getConst() + "\"");
        check(!rules.hasLen() || chars == rules.getLen(), at, "must be " + rules.getLen() + " characters");
        check(!rules.hasMinLen() || chars >= rules.getMinLen(), at, "needs at least " + rules.getMinLen() + " characters");
        check(!rules.hasMaxLen() || chars <= rules.getMaxLen(), at, "takes at most " + rules.getMaxLen() + " characters");
        check(!rules.hasLenBytes() || bytes == rules.getLenBytes(), at, "must be " + rules.getLenBytes() + " bytes");
        check(!rules.hasMinBytes() || bytes >= rules.getMinBytes(), at, "needs at least " + rules.getMinBytes() + " bytes");
        check(!rules.hasMaxBytes() || bytes <= rules.getMaxBytes(), at, "takes at most " + rules.getMaxBytes() + " bytes");
        check(!rules.hasPattern() || Pattern.compile(rules.getPattern()).matcher(value).find(), at,
                "does not match " + rules.getPattern());
        check(!rules.hasPrefix() || value.startsWith(rules.getPrefix()), at, "must start with " + rules.getPrefix());
        check(!rules.hasSuffix() || value.endsWith(rules.getSuffix()), at, "must end with " + rules.getSuffix());
        check(!rules.hasContains() || value.contains(rules.getContains()), at, "must contain " + rules.getContains());
        check(!rules.hasNotContains() || !value.contains(rules.getNotContains()), at, "must not contain " + rules.getNotContains());
        check(rules.getInList().isEmpty() || rules.getInList().contains(value), at, "must be one of " + rules.getInList());
        check(!rules.getNotInList().contains(value), at, "must not be " + value);
        switch (rules.getWellKnownCase()) {
            case HOSTNAME -> check(!rules.getHostname() || HOSTNAME.matcher(value).matches(), at, "is not a host name");
            case IP, IPV4, IPV6, ADDRESS -> check(!(rules.getIp() || rules.getIpv4() || rules.getIpv6() || rules.getAddress())
                    || isAddress(value, rules.getWellKnownCase()), at, "is not an address");
            case UUID -> check(!rules.getUuid() || UUID.matcher(value).matches(), at, "is not a UUID");
            case URI, URI_REF -> check(isUri(value, rules.getWellKnownCase() == Validate.StringRules.WellKnownCase.URI), at,
                    "is not a URI");
            case EMAIL -> check(!rules.getEmail() || value.matches("^[^@\\s]+@[^@\\s]+$"), at, "is not an email address");
            case WELL_KNOWN_REGEX -> {
                Pattern pattern = switch (rules.getWellKnownRegex()) {
                    case HTTP_HEADER_NAME -> rules.getStrict() ? HEADER_NAME : LOOSE_HEADER;
                    case HTTP_HEADER_VALUE -> rules.getStrict() ? HEADER_VALUE : LOOSE_HEADER;
                    default -> null;
                };
                check(pattern == null || pattern.matcher(value).matches(), at, "is not a valid " + rules.getWellKnownRegex());
            }
            default -> {
                // no well-known format
            }
        }
    }

    private void bytes(ByteString value, Validate.BytesRules rules, String at) {
        if (rules.getIgnoreEmpty() && value.isEmpty()) {
            return;
        }
        check(!rules.hasConst() || value.equals(rules.getConst()), at, "must be the given bytes");
        check(!rules.hasLen() || value.size() == rules.getLen(), at, "must be " + rules.getLen() + " bytes");
        check(!rules.hasMinLen() || value.size() >= rules.getMinLen(), at, "needs at least " + rules.getMinLen() + " bytes");
        check(!rules.hasMaxLen() || value.size() <= rules.getMaxLen(), at, "takes at most " + rules.getMaxLen() + " bytes");
        check(!rules.hasPrefix() || value.startsWith(rules.getPrefix()), at, "must start with the given bytes");
        check(rules.getInList().isEmpty() || rules.getInList().contains(value), at, "must be one of the given values");
        check(!rules.getNotInList().contains(value), at, "must not be this value");
    }

    private void enumeration(EnumValueDescriptor value, Validate.EnumRules rules, String at) {
        check(!rules.getDefinedOnly() || value.getIndex() >= 0 && value.getType().findValueByNumber(value.getNumber()) != null,
                at, "is not a defined value");
        check(!rules.hasConst() || value.getNumber() == rules.getConst(), at, "must be " + rules.getConst());
        check(rules.getInList().isEmpty() || rules.getInList().contains(value.getNumber()), at, "must be one of " + rules.getInList());
        check(!rules.getNotInList().contains(value.getNumber()), at, "must not be " + value.getName());
    }

    private void duration(Message value, Validate.DurationRules rules, String at) {
        BigDecimal seconds = durationSeconds(value);
        check(!rules.hasConst() || seconds.compareTo(durationSeconds(rules.getConst())) == 0, at, "must equal the given duration");
        BigDecimal lower = rules.hasGt() ? durationSeconds(rules.getGt()) : rules.hasGte() ? durationSeconds(rules.getGte()) : null;
        BigDecimal upper = rules.hasLt() ? durationSeconds(rules.getLt()) : rules.hasLte() ? durationSeconds(rules.getLte()) : null;
        boolean aboveLower = lower == null || (rules.hasGt() ? seconds.compareTo(lower) > 0 : seconds.compareTo(lower) >= 0);
        boolean belowUpper = upper == null || (rules.hasLt() ? seconds.compareTo(upper) < 0 : seconds.compareTo(upper) <= 0);
        boolean inverted = lower != null && upper != null && lower.compareTo(upper) > 0;
        check(inverted ? aboveLower || belowUpper : aboveLower && belowUpper, at, seconds + " s is outside " + rangeText(rules));
    }

    private void anyRules(Message any, Validate.AnyRules rules, String at) {
        String url = (String) any.getField(any.getDescriptorForType().findFieldByName("type_url"));
        check(rules.getInList().isEmpty() || rules.getInList().contains(url), at, "must be one of " + rules.getInList());
        check(!rules.getNotInList().contains(url), at, "must not be " + url);
    }

    private void count(int count, Long min, Long max, String things, String at) {
        check(min == null || count >= min, at, "needs at least " + min + " " + things + ", has " + count);
        check(max == null || count <= max, at, "takes at most " + max + " " + things + ", has " + count);
    }

    private void check(boolean holds, String at, String what) {
        if (!holds) {
            violations.add(at + ": " + what);
        }
    }

    private static BigDecimal durationSeconds(Message duration) {
        Map<FieldDescriptor, Object> fields = duration.getAllFields();
        long seconds = 0;
        int nanos = 0;
        for (Map.Entry<FieldDescriptor, Object> field : fields.entrySet()) {
            if (field.getKey().getName().equals("seconds")) {
                seconds = (Long) field.getValue();
            } else if (field.getKey().getName().equals("nanos")) {
                nanos = (Integer) field.getValue();
            }
        }
        return BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9));
    }

    /** An IP literal of the kind asked for, or (ADDRESS) a host name too; nothing is looked up. */
    private static boolean isAddress(String value, Validate.StringRules.WellKnownCase kind) {
        boolean v4 = IPV4.matcher(value).matches();
        boolean v6 = !v4 && value.contains(":") && isIpv6Literal(value);
        return switch (kind) {
            case IPV4 -> v4;
            case IPV6 -> v6;
            case IP -> v4 || v6;
            default -> v4 || v6 || HOSTNAME.matcher(value).matches();
        };
    }

    private static boolean isIpv6Literal(String value) {
        try {
            // with a colon, InetAddress reads a literal and never asks DNS
            return InetAddress.getByName(value) instanceof java.net.Inet6Address;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isUri(String value, boolean absolute) {
        try {
            return !absolute || URI.create(value).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isEmpty(Object value) {
        return value instanceof String text ? text.isEmpty() : value instanceof ByteString bytes && bytes.isEmpty();
    }

    private static boolean has(Message rules, String name) {
        FieldDescriptor field = rules.getDescriptorForType().findFieldByName(name);
        return field != null && rules.hasField(field);
    }

    private static Object get(Message rules, String name) {
        return rules.getField(rules.getDescriptorForType().findFieldByName(name));
    }

    private static BigDecimal decimal(Object number) {
        return new BigDecimal(number.toString());
    }

    private static String rangeText(Message rules) {
        return rules.getAllFields().entrySet().stream().filter(entry -> Set.of("gt", "gte", "lt", "lte")
                .contains(entry.getKey().getName())).map(entry -> entry.getKey().getName() + " " + entry.getValue()
                .toString().replace('\n', ' ').trim()).toList().toString();
    }
}
