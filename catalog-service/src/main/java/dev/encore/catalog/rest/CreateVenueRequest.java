package dev.encore.catalog.rest;

import dev.encore.catalog.domain.Section;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

public record CreateVenueRequest(
        @NotBlank @Size(max = 200) String name,
        @NotEmpty @Size(max = 200) List<@NotNull @Valid SectionRequest> sections) {

    public record SectionRequest(
            // no '-': it separates the parts of a seat id
            @NotBlank @Pattern(regexp = "[A-Za-z0-9]{1,16}", message = "must be 1 to 16 letters or digits") String name,
            @NotNull @Min(1) @Max(1000) Integer rows,
            @NotNull @Min(1) @Max(1000) Integer seatsPerRow) {

        Section toSection() {
            return new Section(name, rows, seatsPerRow);
        }
    }

    List<Section> toSections() {
        return sections.stream().map(SectionRequest::toSection).toList();
    }
}
