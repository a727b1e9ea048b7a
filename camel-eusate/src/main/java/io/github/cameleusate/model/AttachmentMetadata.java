package io.github.cameleusate.model;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What the API tells about an attached file: where it is, its name, size and extension (such as ".pdf"). */
@JsonPropertyOrder({ "url", "name", "size_kb", "extension" })
public class AttachmentMetadata extends ApiObject {

    private String url;
    private String name;
    @JsonProperty("size_kb")
    private BigDecimal sizeKb;
    private String extension;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public BigDecimal getSizeKb() {
        return sizeKb;
    }

    public void setSizeKb(BigDecimal sizeKb) {
        this.sizeKb = sizeKb;
    }

    public String getExtension() {
        return extension;
    }

    public void setExtension(String extension) {
        this.extension = extension;
    }

    @Override
    public String toString() {
        return "AttachmentMetadata[name=" + name + ", sizeKb=" + sizeKb + "]";
    }
}
