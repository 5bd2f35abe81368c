#include "json_printer.hpp"

#include <boost/json/serialize.hpp>

namespace traffpunkt::cli {

namespace {

namespace json = boost::json;

void newline(std::string& out, int spaces) {
    out += '\n';
    out.append(static_cast<std::size_t>(spaces), ' ');
}

void print(std::string& out, const json::value& value, int indent, int depth) {
    if (const auto* object = value.if_object(); object != nullptr && !object->empty()) {
        out += '{';
        bool first = true;
        for (const auto& member : *object) {
            if (!first) {
                out += ',';
            }
            first = false;
            newline(out, indent * (depth + 1));
            out += json::serialize(member.key());
            out += ": ";
            print(out, member.value(), indent, depth + 1);
        }
        newline(out, indent * depth);
        out += '}';
    } else if (const auto* array = value.if_array(); array != nullptr && !array->empty()) {
        out += '[';
        bool first = true;
        for (const auto& element : *array) {
            if (!first) {
                out += ',';
            }
            first = false;
            newline(out, indent * (depth + 1));
            print(out, element, indent, depth + 1);
        }
        newline(out, indent * depth);
        out += ']';
    } else {
        out += json::serialize(value);
    }
}

}  // namespace

std::string pretty_json(const boost::json::value& value, int indent) {
    std::string out;
    print(out, value, indent, 0);
    return out;
}

}  // namespace traffpunkt::cli
