# soclab: a static binary on a minimal base.
#   docker build -t soclab .
#   docker run --rm soclab version
ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=auto
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=docker
RUN go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/soclab ./cmd/soclab \
 && /out/soclab version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/soclab /usr/local/bin/soclab
USER nonroot:nonroot
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/soclab"]
CMD ["--help"]
