#pragma once

// RAII for libical. Only the root component is ever freed: a child, a property or a parameter
// belongs to its parent once added, so ownership is released (`release()`) at that moment.

#include <memory>
#include <stdexcept>

#include <libical/ical.h>

namespace traffpunkt::ical {

/** Frees a component and everything added to it. */
struct component_deleter {
    void operator()(icalcomponent* c) const noexcept { icalcomponent_free(c); }
};

/** An owned component that has no parent (yet). */
using component_ptr = std::unique_ptr<icalcomponent, component_deleter>;

/** Frees a string that libical allocated for the caller (the `_r` functions). */
struct buffer_deleter {
    void operator()(char* p) const noexcept { icalmemory_free_buffer(p); }
};

/** An owned string from libical. */
using buffer_ptr = std::unique_ptr<char, buffer_deleter>;

/** A new, empty component of `kind`; throws when libical cannot make one. */
inline component_ptr make_component(icalcomponent_kind kind) {
    component_ptr c(icalcomponent_new(kind));
    if (!c) {
        throw std::runtime_error("libical could not create a component");
    }
    return c;
}

/** Adds `property` to `parent`, which takes ownership; throws (and frees nothing) when null. */
inline icalproperty* add_property(icalcomponent* parent, icalproperty* property) {
    if (property == nullptr) {
        throw std::runtime_error("libical could not create a property");
    }
    icalcomponent_add_property(parent, property);
    return property;
}

}  // namespace traffpunkt::ical
