package io.mppfc.footprint;

/**
 * The one-byte type tags of footprint format version 1. Frozen: a value's tag never changes,
 * new types get new numbers, so keys written by an older version are found by a newer one.
 */
final class Tag {

    static final byte NULL = 0x00;
    static final byte BOOLEAN = 0x01;
    static final byte BYTE = 0x02;
    static final byte SHORT = 0x03;
    static final byte CHAR = 0x04;
    static final byte INT = 0x05;
    static final byte LONG = 0x06;
    static final byte FLOAT = 0x07;
    static final byte DOUBLE = 0x08;

    static final byte STRING = 0x10;
    static final byte BIG_INTEGER = 0x11;
    static final byte BIG_DECIMAL = 0x12;
    static final byte UUID = 0x13;
    static final byte ENUM = 0x14;

    static final byte BOOLEAN_ARRAY = 0x20;
    static final byte BYTE_ARRAY = 0x21;
    static final byte SHORT_ARRAY = 0x22;
    static final byte CHAR_ARRAY = 0x23;
    static final byte INT_ARRAY = 0x24;
    static final byte LONG_ARRAY = 0x25;
    static final byte FLOAT_ARRAY = 0x26;
    static final byte DOUBLE_ARRAY = 0x27;
    static final byte OBJECT_ARRAY = 0x28;

    static final byte LIST = 0x30;
    static final byte SET = 0x31;
    static final byte MAP = 0x32;
    static final byte OPTIONAL = 0x33;

    static final byte RECORD = 0x40;
    static final byte FOOTPRINTED = 0x41;

    static final byte INSTANT = 0x50;
    static final byte DURATION = 0x51;
    static final byte LOCAL_DATE = 0x52;
    static final byte LOCAL_TIME = 0x53;
    static final byte LOCAL_DATE_TIME = 0x54;
    static final byte OFFSET_DATE_TIME = 0x55;
    static final byte ZONED_DATE_TIME = 0x56;
    static final byte OFFSET_TIME = 0x57;
    static final byte ZONE_OFFSET = 0x58;
    static final byte ZONE_REGION = 0x59;
    static final byte PERIOD = 0x5A;
    static final byte YEAR = 0x5B;
    static final byte YEAR_MONTH = 0x5C;
    static final byte MONTH_DAY = 0x5D;

    private Tag() {
    }
}
