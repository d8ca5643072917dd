"""Helpers shared by the dictionary generators: Swift literals that compile fast at this size."""


def swift_text(field):
    """A field as it must appear inside a Swift multi-line string literal."""
    return field.replace("\\", "\\\\").replace('"', '\\"')


def hex_literal(value, width):
    digits = f"{value:0{width}X}"
    return "0x" + "_".join(digits[i:i + 4] for i in range(0, width, 4))


def int_array(name, values, width, per_line, doc):
    """`static let NAME: [UIntN] = [...]` with `per_line` hexadecimal values a line."""
    lines = [f"    /// {doc}", f"    static let {name}: [UInt{width * 4}] = ["]
    for start in range(0, len(values), per_line):
        chunk = values[start:start + per_line]
        lines.append("        " + " ".join(hex_literal(v, width) + "," for v in chunk))
    lines.append("    ]")
    return lines


def text_block(name, rows, doc):
    """A multi-line string literal, one row a line, fields joined by tabs."""
    lines = [f"    /// {doc}", f"    static let {name} = \"\"\""]
    for row in rows:
        lines.append("    " + "\\t".join(swift_text(field) for field in row))
    lines.append("    \"\"\"")
    return lines
