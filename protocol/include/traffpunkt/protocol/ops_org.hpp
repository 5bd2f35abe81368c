#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "traffpunkt/protocol/args_reader.hpp"
#include "traffpunkt/protocol/views.hpp"

namespace traffpunkt::protocol {

// Organisation ops.

/** org.list {network_id?} */
struct org_list_args {
    std::optional<std::int64_t> network_id;
};
/** Decodes the args of `org.list`. */
org_list_args decode_org_list(const boost::json::object& args);

/** A new organisation inside org.admit: {name, kind}. */
struct organisation_input {
    std::string name;
    std::string kind;  ///< municipality | region | other
};

/**
 * org.admit {network_id, organisation_id? | organisation:{name, kind}, decision}. Exactly one
 * of `organisation_id` and `organisation` is set.
 */
struct org_admit_args {
    std::int64_t network_id = 0;
    std::optional<std::int64_t> organisation_id;
    std::optional<organisation_input> organisation;
    decision_view decision;
};
/** Decodes the args of `org.admit`; neither or both of organisation_id/organisation: invalid_args.
 */
org_admit_args decode_org_admit(const boost::json::object& args);

/** org.update {organisation_id, name?, kind?}; neither may be null. */
struct org_update_args {
    std::int64_t organisation_id = 0;
    args_reader::patch<std::string> name;
    args_reader::patch<std::string> kind;
};
/** Decodes the args of `org.update`. */
org_update_args decode_org_update(const boost::json::object& args);

}  // namespace traffpunkt::protocol
