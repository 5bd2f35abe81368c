#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "traffpunkt/protocol/args_reader.hpp"

namespace traffpunkt::protocol {

// Document ops. The bytes of a document travel over HTTP (PROTOCOL.md "Documents"); these ops
// read and change what is known about documents. Titles are checked by the server's text rules.

namespace enum_values {
/** document.visibility, from the widest audience to the narrowest */
inline constexpr std::array<std::string_view, 3> document_visibility{"public", "registered",
                                                                     "facilitators"};
}  // namespace enum_values

/** document.list {meeting_id} */
struct document_list_args {
    std::int64_t meeting_id = 0;
};
/** Decodes the args of `document.list`. */
document_list_args decode_document_list(const boost::json::object& args);

/** {document_id}: the args of document.get and document.remove. */
struct document_ref_args {
    std::int64_t document_id = 0;
};
using document_get_args = document_ref_args;
using document_remove_args = document_ref_args;
/** Decodes the args of `document.get`. */
document_get_args decode_document_get(const boost::json::object& args);
/** Decodes the args of `document.remove`. */
document_remove_args decode_document_remove(const boost::json::object& args);

/**
 * document.update {document_id, title?, visibility?, agenda_item_id?}. `agenda_item_id: null`
 * moves the document from its agenda item to the meeting; title and visibility cannot be null.
 */
struct document_update_args {
    std::int64_t document_id = 0;
    args_reader::patch<std::string> title;
    args_reader::patch<std::string> visibility;  ///< public | registered | facilitators
    args_reader::patch<std::int64_t> agenda_item_id;
};
/** Decodes the args of `document.update`. */
document_update_args decode_document_update(const boost::json::object& args);

}  // namespace traffpunkt::protocol
