package io.github.cameleusate.model;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

/**
 * Base of every API object: fields this version of the connector does not know are kept, in order, and written out
 * again when the object is marshalled, so a sink receives what the API sent.
 */
public abstract class ApiObject {

    private final Map<String, Object> unknownFields = new LinkedHashMap<>();

    @JsonAnyGetter
    public Map<String, Object> getUnknownFields() {
        return unknownFields;
    }

    @JsonAnySetter
    public void setUnknownField(String name, Object value) {
        unknownFields.put(name, value);
    }
}
