#pragma once

#include <optional>
#include <string>

namespace traffpunkt::domain {

/** Why a domain rule refused something. The service maps `kind` to a protocol error code. */
struct rule_error {
    enum class kind {
        invalid_value,       ///< a field's value breaks a rule (too long, end before start, ...)
        invalid_transition,  ///< the object's state does not allow the change (publish a cancelled
                             ///< meeting)
    };
    kind what = kind::invalid_value;
    std::string field;    ///< the offending field, empty when the error is about the whole object
    std::string message;  ///< human-readable, English, no personal data
};

/** The result of a check: empty when the rule holds. */
using check = std::optional<rule_error>;

inline rule_error invalid_value(std::string field, std::string message) {
    return {rule_error::kind::invalid_value, std::move(field), std::move(message)};
}
inline rule_error invalid_transition(std::string message) {
    return {rule_error::kind::invalid_transition, {}, std::move(message)};
}

}  // namespace traffpunkt::domain
