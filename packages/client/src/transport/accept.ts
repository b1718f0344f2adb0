/** The `Accept` header of a metadata-only list (and watch: the server then sends `PartialObjectMetadata` events). */
export const ACCEPT_METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
/** The `Accept` header of a metadata-only get or watch. */
export const ACCEPT_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';
