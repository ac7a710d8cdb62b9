// Generated from config-schema.ts by `npm run config-validator` (ajv standalone code): do not edit.
// @ts-nocheck
"use strict";
export const validate = validate10;
export default validate10;
const schema11 = {"type":"object","additionalProperties":false,"properties":{"database":{"type":"object","additionalProperties":false,"properties":{"url":{"type":["string","null"]}}},"dumps":{"type":"object","additionalProperties":false,"properties":{"path":{"type":"string","minLength":1},"pattern":{"type":"string","minLength":1},"schemaExt":{"type":"string","pattern":"^\\."},"dataExt":{"type":"string","pattern":"^\\."},"maxMemberBytes":{"type":"integer","minimum":1},"defaults":{"type":"object","additionalProperties":false,"properties":{"application":{"type":"string","minLength":1},"version":{"type":["string","number"]},"region":{"type":"string","minLength":1},"exportedAt":{"type":"string","minLength":1},"dialect":{"type":"string","minLength":1},"format":{"type":"string","minLength":1},"timezone":{"type":"string","minLength":1}}},"tableFormats":{"type":"object","additionalProperties":{"oneOf":[{"type":"string"},{"type":"object","additionalProperties":false,"properties":{"delimiter":{"type":"string","minLength":1},"rowTerminator":{"type":"string","minLength":1},"quote":{"type":"string","minLength":1},"escape":{"type":"string","minLength":1},"nullPattern":{"type":"string"},"emptyString":{"type":"string"},"encoding":{"type":"string","minLength":1},"header":{"type":"boolean"}}}]}},"decrypt":{"type":"object","additionalProperties":false,"properties":{"passphrase":{"type":"string","minLength":1},"passphraseFile":{"type":"string","minLength":1},"privateKeyFile":{"type":"string","minLength":1},"privateKeyPassphrase":{"type":"string","minLength":1},"privateKeyPassphraseFile":{"type":"string","minLength":1}}}}},"sources":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["name","url","database"],"properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_-]*$"},"url":{"type":"string","minLength":1},"database":{"type":"string","minLength":1},"tables":{"oneOf":[{"type":"string","minLength":1},{"type":"array","items":{"type":"string","minLength":1}}]},"application":{"type":"string","minLength":1},"version":{"type":["string","number"]},"versionQuery":{"type":"string","minLength":1},"region":{"type":"string","minLength":1}}}},"watch":{"type":"object","additionalProperties":false,"properties":{"stabilityMs":{"type":"integer","minimum":0},"usePolling":{"type":"boolean"},"pollIntervalMs":{"type":"integer","minimum":50}}},"formats":{"type":"object","additionalProperties":{"type":"object","additionalProperties":false,"properties":{"delimiter":{"type":"string","minLength":1},"rowTerminator":{"type":"string","minLength":1},"quote":{"type":"string","minLength":1},"escape":{"type":"string","minLength":1},"nullPattern":{"type":"string"},"emptyString":{"type":"string"},"encoding":{"type":"string","minLength":1},"header":{"type":"boolean"}}}},"dialects":{"type":"object","propertyNames":{"pattern":"^[A-Za-z][A-Za-z0-9_-]*$"},"additionalProperties":{"type":"string","minLength":1}},"types":{"type":"object","additionalProperties":false,"properties":{"strict":{"type":"boolean"},"overrides":{"type":"object","properties":{"mssql":{"type":"object","additionalProperties":{"type":"string"}},"mysql":{"type":"object","additionalProperties":{"type":"string"}}},"additionalProperties":{"type":"object","additionalProperties":{"type":"string"}}},"columns":{"type":"object","additionalProperties":{"type":"string"}}}},"target":{"type":"object","additionalProperties":false,"properties":{"schema":{"type":"string","minLength":1},"identifiers":{"enum":["lower","snake","preserve"]},"child":{"type":"string","pattern":"\\{version\\}"},"renames":{"type":"object","additionalProperties":{"type":"object","additionalProperties":{"type":"string"}}}}},"migrations":{"type":"object","additionalProperties":false,"properties":{"directory":{"type":"string","minLength":1}}},"ingest":{"type":"object","additionalProperties":false,"properties":{"workers":{"type":"integer","minimum":1,"maximum":64},"mode":{"enum":["replace","append"]},"maxRejects":{"type":"integer","minimum":0},"maxRecordBytes":{"type":"integer","minimum":1,"maximum":1073741824},"parallelCopy":{"type":"object","additionalProperties":false,"properties":{"streams":{"type":"integer","minimum":1,"maximum":64},"minBytes":{"type":"integer","minimum":0}}}}}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = require("ajv/dist/runtime/ucs2length").default;
const pattern0 = new RegExp("^\\.", "u");
const pattern2 = new RegExp("^[A-Za-z0-9][A-Za-z0-9_-]*$", "u");
const pattern3 = new RegExp("^[A-Za-z][A-Za-z0-9_-]*$", "u");
const pattern4 = new RegExp("\\{version\\}", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.database !== undefined){
let data0 = data.database;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
for(const key1 in data0){
if(!(key1 === "url")){
const err1 = {instancePath:instancePath+"/database",schemaPath:"#/properties/database/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.database,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data0.url !== undefined){
let data1 = data0.url;
if((typeof data1 !== "string") && (data1 !== null)){
const err2 = {instancePath:instancePath+"/database/url",schemaPath:"#/properties/database/properties/url/type",keyword:"type",params:{type: schema11.properties.database.properties.url.type},message:"must be string,null",schema:schema11.properties.database.properties.url.type,parentSchema:schema11.properties.database.properties.url,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
else {
const err3 = {instancePath:instancePath+"/database",schemaPath:"#/properties/database/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.database.type,parentSchema:schema11.properties.database,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.dumps !== undefined){
let data2 = data.dumps;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key2 in data2){
if(!((((((((key2 === "path") || (key2 === "pattern")) || (key2 === "schemaExt")) || (key2 === "dataExt")) || (key2 === "maxMemberBytes")) || (key2 === "defaults")) || (key2 === "tableFormats")) || (key2 === "decrypt"))){
const err4 = {instancePath:instancePath+"/dumps",schemaPath:"#/properties/dumps/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.dumps,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data2.path !== undefined){
let data3 = data2.path;
if(typeof data3 === "string"){
if(func3(data3) < 1){
const err5 = {instancePath:instancePath+"/dumps/path",schemaPath:"#/properties/dumps/properties/path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.path,data:data3};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/dumps/path",schemaPath:"#/properties/dumps/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.path.type,parentSchema:schema11.properties.dumps.properties.path,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data2.pattern !== undefined){
let data4 = data2.pattern;
if(typeof data4 === "string"){
if(func3(data4) < 1){
const err7 = {instancePath:instancePath+"/dumps/pattern",schemaPath:"#/properties/dumps/properties/pattern/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.pattern,data:data4};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/dumps/pattern",schemaPath:"#/properties/dumps/properties/pattern/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.pattern.type,parentSchema:schema11.properties.dumps.properties.pattern,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.schemaExt !== undefined){
let data5 = data2.schemaExt;
if(typeof data5 === "string"){
if(!pattern0.test(data5)){
const err9 = {instancePath:instancePath+"/dumps/schemaExt",schemaPath:"#/properties/dumps/properties/schemaExt/pattern",keyword:"pattern",params:{pattern: "^\\."},message:"must match pattern \""+"^\\."+"\"",schema:"^\\.",parentSchema:schema11.properties.dumps.properties.schemaExt,data:data5};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/dumps/schemaExt",schemaPath:"#/properties/dumps/properties/schemaExt/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.schemaExt.type,parentSchema:schema11.properties.dumps.properties.schemaExt,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.dataExt !== undefined){
let data6 = data2.dataExt;
if(typeof data6 === "string"){
if(!pattern0.test(data6)){
const err11 = {instancePath:instancePath+"/dumps/dataExt",schemaPath:"#/properties/dumps/properties/dataExt/pattern",keyword:"pattern",params:{pattern: "^\\."},message:"must match pattern \""+"^\\."+"\"",schema:"^\\.",parentSchema:schema11.properties.dumps.properties.dataExt,data:data6};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/dumps/dataExt",schemaPath:"#/properties/dumps/properties/dataExt/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.dataExt.type,parentSchema:schema11.properties.dumps.properties.dataExt,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data2.maxMemberBytes !== undefined){
let data7 = data2.maxMemberBytes;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err13 = {instancePath:instancePath+"/dumps/maxMemberBytes",schemaPath:"#/properties/dumps/properties/maxMemberBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.dumps.properties.maxMemberBytes.type,parentSchema:schema11.properties.dumps.properties.maxMemberBytes,data:data7};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 < 1 || isNaN(data7)){
const err14 = {instancePath:instancePath+"/dumps/maxMemberBytes",schemaPath:"#/properties/dumps/properties/maxMemberBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.dumps.properties.maxMemberBytes,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
if(data2.defaults !== undefined){
let data8 = data2.defaults;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
for(const key3 in data8){
if(!(((((((key3 === "application") || (key3 === "version")) || (key3 === "region")) || (key3 === "exportedAt")) || (key3 === "dialect")) || (key3 === "format")) || (key3 === "timezone"))){
const err15 = {instancePath:instancePath+"/dumps/defaults",schemaPath:"#/properties/dumps/properties/defaults/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.dumps.properties.defaults,data:data8};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data8.application !== undefined){
let data9 = data8.application;
if(typeof data9 === "string"){
if(func3(data9) < 1){
const err16 = {instancePath:instancePath+"/dumps/defaults/application",schemaPath:"#/properties/dumps/properties/defaults/properties/application/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.defaults.properties.application,data:data9};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/dumps/defaults/application",schemaPath:"#/properties/dumps/properties/defaults/properties/application/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.defaults.properties.application.type,parentSchema:schema11.properties.dumps.properties.defaults.properties.application,data:data9};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data8.version !== undefined){
let data10 = data8.version;
if((typeof data10 !== "string") && (!((typeof data10 == "number") && (isFinite(data10))))){
const err18 = {instancePath:instancePath+"/dumps/defaults/version",schemaPath:"#/properties/dumps/properties/defaults/properties/version/type",keyword:"type",params:{type: schema11.properties.dumps.properties.defaults.properties.version.type},message:"must be string,number",schema:schema11.properties.dumps.properties.defaults.properties.version.type,parentSchema:schema11.properties.dumps.properties.defaults.properties.version,data:data10};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data8.region !== undefined){
let data11 = data8.region;
if(typeof data11 === "string"){
if(func3(data11) < 1){
const err19 = {instancePath:instancePath+"/dumps/defaults/region",schemaPath:"#/properties/dumps/properties/defaults/properties/region/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.defaults.properties.region,data:data11};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
else {
const err20 = {instancePath:instancePath+"/dumps/defaults/region",schemaPath:"#/properties/dumps/properties/defaults/properties/region/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.defaults.properties.region.type,parentSchema:schema11.properties.dumps.properties.defaults.properties.region,data:data11};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data8.exportedAt !== undefined){
let data12 = data8.exportedAt;
if(typeof data12 === "string"){
if(func3(data12) < 1){
const err21 = {instancePath:instancePath+"/dumps/defaults/exportedAt",schemaPath:"#/properties/dumps/properties/defaults/properties/exportedAt/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.defaults.properties.exportedAt,data:data12};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/dumps/defaults/exportedAt",schemaPath:"#/properties/dumps/properties/defaults/properties/exportedAt/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.defaults.properties.exportedAt.type,parentSchema:schema11.properties.dumps.properties.defaults.properties.exportedAt,data:data12};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data8.dialect !== undefined){
let data13 = data8.dialect;
if(typeof data13 === "string"){
if(func3(data13) < 1){
const err23 = {instancePath:instancePath+"/dumps/defaults/dialect",schemaPath:"#/properties/dumps/properties/defaults/properties/dialect/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.defaults.properties.dialect,data:data13};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/dumps/defaults/dialect",schemaPath:"#/properties/dumps/properties/defaults/properties/dialect/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.defaults.properties.dialect.type,parentSchema:schema11.properties.dumps.properties.defaults.properties.dialect,data:data13};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data8.format !== undefined){
let data14 = data8.format;
if(typeof data14 === "string"){
if(func3(data14) < 1){
const err25 = {instancePath:instancePath+"/dumps/defaults/format",schemaPath:"#/properties/dumps/properties/defaults/properties/format/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.defaults.properties.format,data:data14};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/dumps/defaults/format",schemaPath:"#/properties/dumps/properties/defaults/properties/format/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.defaults.properties.format.type,parentSchema:schema11.properties.dumps.properties.defaults.properties.format,data:data14};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data8.timezone !== undefined){
let data15 = data8.timezone;
if(typeof data15 === "string"){
if(func3(data15) < 1){
const err27 = {instancePath:instancePath+"/dumps/defaults/timezone",schemaPath:"#/properties/dumps/properties/defaults/properties/timezone/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.defaults.properties.timezone,data:data15};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/dumps/defaults/timezone",schemaPath:"#/properties/dumps/properties/defaults/properties/timezone/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.defaults.properties.timezone.type,parentSchema:schema11.properties.dumps.properties.defaults.properties.timezone,data:data15};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/dumps/defaults",schemaPath:"#/properties/dumps/properties/defaults/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dumps.properties.defaults.type,parentSchema:schema11.properties.dumps.properties.defaults,data:data8};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data2.tableFormats !== undefined){
let data16 = data2.tableFormats;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key4 in data16){
let data17 = data16[key4];
const _errs41 = errors;
let valid5 = false;
let passing0 = null;
const _errs42 = errors;
if(typeof data17 !== "string"){
const err30 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[0].type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[0],data:data17};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
var _valid0 = _errs42 === errors;
if(_valid0){
valid5 = true;
passing0 = 0;
}
const _errs44 = errors;
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
for(const key5 in data17){
if(!((((((((key5 === "delimiter") || (key5 === "rowTerminator")) || (key5 === "quote")) || (key5 === "escape")) || (key5 === "nullPattern")) || (key5 === "emptyString")) || (key5 === "encoding")) || (key5 === "header"))){
const err31 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1],data:data17};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data17.delimiter !== undefined){
let data18 = data17.delimiter;
if(typeof data18 === "string"){
if(func3(data18) < 1){
const err32 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/delimiter",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/delimiter/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.delimiter,data:data18};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/delimiter",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/delimiter/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.delimiter.type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.delimiter,data:data18};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data17.rowTerminator !== undefined){
let data19 = data17.rowTerminator;
if(typeof data19 === "string"){
if(func3(data19) < 1){
const err34 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/rowTerminator",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/rowTerminator/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.rowTerminator,data:data19};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/rowTerminator",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/rowTerminator/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.rowTerminator.type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.rowTerminator,data:data19};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data17.quote !== undefined){
let data20 = data17.quote;
if(typeof data20 === "string"){
if(func3(data20) < 1){
const err36 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/quote",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/quote/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.quote,data:data20};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/quote",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/quote/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.quote.type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.quote,data:data20};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data17.escape !== undefined){
let data21 = data17.escape;
if(typeof data21 === "string"){
if(func3(data21) < 1){
const err38 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/escape",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/escape/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.escape,data:data21};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/escape",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/escape/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.escape.type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.escape,data:data21};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data17.nullPattern !== undefined){
let data22 = data17.nullPattern;
if(typeof data22 !== "string"){
const err40 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/nullPattern",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/nullPattern/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.nullPattern.type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.nullPattern,data:data22};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data17.emptyString !== undefined){
let data23 = data17.emptyString;
if(typeof data23 !== "string"){
const err41 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/emptyString",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/emptyString/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.emptyString.type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.emptyString,data:data23};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data17.encoding !== undefined){
let data24 = data17.encoding;
if(typeof data24 === "string"){
if(func3(data24) < 1){
const err42 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/encoding",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/encoding/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.encoding,data:data24};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/encoding",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/encoding/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.encoding.type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.encoding,data:data24};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data17.header !== undefined){
let data25 = data17.header;
if(typeof data25 !== "boolean"){
const err44 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/header",schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/properties/header/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.header.type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].properties.header,data:data25};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
else {
const err45 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1].type,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf[1],data:data17};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var _valid0 = _errs44 === errors;
if(_valid0 && valid5){
valid5 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid5 = true;
passing0 = 1;
}
}
if(!valid5){
const err46 = {instancePath:instancePath+"/dumps/tableFormats/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dumps/properties/tableFormats/additionalProperties/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema11.properties.dumps.properties.tableFormats.additionalProperties.oneOf,parentSchema:schema11.properties.dumps.properties.tableFormats.additionalProperties,data:data17};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
else {
errors = _errs41;
if(vErrors !== null){
if(_errs41){
vErrors.length = _errs41;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err47 = {instancePath:instancePath+"/dumps/tableFormats",schemaPath:"#/properties/dumps/properties/tableFormats/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dumps.properties.tableFormats.type,parentSchema:schema11.properties.dumps.properties.tableFormats,data:data16};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data2.decrypt !== undefined){
let data26 = data2.decrypt;
if(data26 && typeof data26 == "object" && !Array.isArray(data26)){
for(const key6 in data26){
if(!(((((key6 === "passphrase") || (key6 === "passphraseFile")) || (key6 === "privateKeyFile")) || (key6 === "privateKeyPassphrase")) || (key6 === "privateKeyPassphraseFile"))){
const err48 = {instancePath:instancePath+"/dumps/decrypt",schemaPath:"#/properties/dumps/properties/decrypt/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.dumps.properties.decrypt,data:data26};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data26.passphrase !== undefined){
let data27 = data26.passphrase;
if(typeof data27 === "string"){
if(func3(data27) < 1){
const err49 = {instancePath:instancePath+"/dumps/decrypt/passphrase",schemaPath:"#/properties/dumps/properties/decrypt/properties/passphrase/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.decrypt.properties.passphrase,data:data27};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
else {
const err50 = {instancePath:instancePath+"/dumps/decrypt/passphrase",schemaPath:"#/properties/dumps/properties/decrypt/properties/passphrase/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.decrypt.properties.passphrase.type,parentSchema:schema11.properties.dumps.properties.decrypt.properties.passphrase,data:data27};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data26.passphraseFile !== undefined){
let data28 = data26.passphraseFile;
if(typeof data28 === "string"){
if(func3(data28) < 1){
const err51 = {instancePath:instancePath+"/dumps/decrypt/passphraseFile",schemaPath:"#/properties/dumps/properties/decrypt/properties/passphraseFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.decrypt.properties.passphraseFile,data:data28};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
else {
const err52 = {instancePath:instancePath+"/dumps/decrypt/passphraseFile",schemaPath:"#/properties/dumps/properties/decrypt/properties/passphraseFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.decrypt.properties.passphraseFile.type,parentSchema:schema11.properties.dumps.properties.decrypt.properties.passphraseFile,data:data28};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data26.privateKeyFile !== undefined){
let data29 = data26.privateKeyFile;
if(typeof data29 === "string"){
if(func3(data29) < 1){
const err53 = {instancePath:instancePath+"/dumps/decrypt/privateKeyFile",schemaPath:"#/properties/dumps/properties/decrypt/properties/privateKeyFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.decrypt.properties.privateKeyFile,data:data29};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
else {
const err54 = {instancePath:instancePath+"/dumps/decrypt/privateKeyFile",schemaPath:"#/properties/dumps/properties/decrypt/properties/privateKeyFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.decrypt.properties.privateKeyFile.type,parentSchema:schema11.properties.dumps.properties.decrypt.properties.privateKeyFile,data:data29};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data26.privateKeyPassphrase !== undefined){
let data30 = data26.privateKeyPassphrase;
if(typeof data30 === "string"){
if(func3(data30) < 1){
const err55 = {instancePath:instancePath+"/dumps/decrypt/privateKeyPassphrase",schemaPath:"#/properties/dumps/properties/decrypt/properties/privateKeyPassphrase/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.decrypt.properties.privateKeyPassphrase,data:data30};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/dumps/decrypt/privateKeyPassphrase",schemaPath:"#/properties/dumps/properties/decrypt/properties/privateKeyPassphrase/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.decrypt.properties.privateKeyPassphrase.type,parentSchema:schema11.properties.dumps.properties.decrypt.properties.privateKeyPassphrase,data:data30};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data26.privateKeyPassphraseFile !== undefined){
let data31 = data26.privateKeyPassphraseFile;
if(typeof data31 === "string"){
if(func3(data31) < 1){
const err57 = {instancePath:instancePath+"/dumps/decrypt/privateKeyPassphraseFile",schemaPath:"#/properties/dumps/properties/decrypt/properties/privateKeyPassphraseFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dumps.properties.decrypt.properties.privateKeyPassphraseFile,data:data31};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
else {
const err58 = {instancePath:instancePath+"/dumps/decrypt/privateKeyPassphraseFile",schemaPath:"#/properties/dumps/properties/decrypt/properties/privateKeyPassphraseFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dumps.properties.decrypt.properties.privateKeyPassphraseFile.type,parentSchema:schema11.properties.dumps.properties.decrypt.properties.privateKeyPassphraseFile,data:data31};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
}
else {
const err59 = {instancePath:instancePath+"/dumps/decrypt",schemaPath:"#/properties/dumps/properties/decrypt/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dumps.properties.decrypt.type,parentSchema:schema11.properties.dumps.properties.decrypt,data:data26};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
}
else {
const err60 = {instancePath:instancePath+"/dumps",schemaPath:"#/properties/dumps/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dumps.type,parentSchema:schema11.properties.dumps,data:data2};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data.sources !== undefined){
let data32 = data.sources;
if(Array.isArray(data32)){
const len0 = data32.length;
for(let i0=0; i0<len0; i0++){
let data33 = data32[i0];
if(data33 && typeof data33 == "object" && !Array.isArray(data33)){
if(data33.name === undefined){
const err61 = {instancePath:instancePath+"/sources/" + i0,schemaPath:"#/properties/sources/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema11.properties.sources.items.required,parentSchema:schema11.properties.sources.items,data:data33};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(data33.url === undefined){
const err62 = {instancePath:instancePath+"/sources/" + i0,schemaPath:"#/properties/sources/items/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'",schema:schema11.properties.sources.items.required,parentSchema:schema11.properties.sources.items,data:data33};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(data33.database === undefined){
const err63 = {instancePath:instancePath+"/sources/" + i0,schemaPath:"#/properties/sources/items/required",keyword:"required",params:{missingProperty: "database"},message:"must have required property '"+"database"+"'",schema:schema11.properties.sources.items.required,parentSchema:schema11.properties.sources.items,data:data33};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
for(const key7 in data33){
if(!((((((((key7 === "name") || (key7 === "url")) || (key7 === "database")) || (key7 === "tables")) || (key7 === "application")) || (key7 === "version")) || (key7 === "versionQuery")) || (key7 === "region"))){
const err64 = {instancePath:instancePath+"/sources/" + i0,schemaPath:"#/properties/sources/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sources.items,data:data33};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data33.name !== undefined){
let data34 = data33.name;
if(typeof data34 === "string"){
if(!pattern2.test(data34)){
const err65 = {instancePath:instancePath+"/sources/" + i0+"/name",schemaPath:"#/properties/sources/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_-]*$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9_-]*$",parentSchema:schema11.properties.sources.items.properties.name,data:data34};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
else {
const err66 = {instancePath:instancePath+"/sources/" + i0+"/name",schemaPath:"#/properties/sources/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sources.items.properties.name.type,parentSchema:schema11.properties.sources.items.properties.name,data:data34};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data33.url !== undefined){
let data35 = data33.url;
if(typeof data35 === "string"){
if(func3(data35) < 1){
const err67 = {instancePath:instancePath+"/sources/" + i0+"/url",schemaPath:"#/properties/sources/items/properties/url/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.sources.items.properties.url,data:data35};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
else {
const err68 = {instancePath:instancePath+"/sources/" + i0+"/url",schemaPath:"#/properties/sources/items/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sources.items.properties.url.type,parentSchema:schema11.properties.sources.items.properties.url,data:data35};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data33.database !== undefined){
let data36 = data33.database;
if(typeof data36 === "string"){
if(func3(data36) < 1){
const err69 = {instancePath:instancePath+"/sources/" + i0+"/database",schemaPath:"#/properties/sources/items/properties/database/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.sources.items.properties.database,data:data36};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
else {
const err70 = {instancePath:instancePath+"/sources/" + i0+"/database",schemaPath:"#/properties/sources/items/properties/database/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sources.items.properties.database.type,parentSchema:schema11.properties.sources.items.properties.database,data:data36};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data33.tables !== undefined){
let data37 = data33.tables;
const _errs88 = errors;
let valid11 = false;
let passing1 = null;
const _errs89 = errors;
if(typeof data37 === "string"){
if(func3(data37) < 1){
const err71 = {instancePath:instancePath+"/sources/" + i0+"/tables",schemaPath:"#/properties/sources/items/properties/tables/oneOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.sources.items.properties.tables.oneOf[0],data:data37};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
else {
const err72 = {instancePath:instancePath+"/sources/" + i0+"/tables",schemaPath:"#/properties/sources/items/properties/tables/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sources.items.properties.tables.oneOf[0].type,parentSchema:schema11.properties.sources.items.properties.tables.oneOf[0],data:data37};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
var _valid1 = _errs89 === errors;
if(_valid1){
valid11 = true;
passing1 = 0;
}
const _errs91 = errors;
if(Array.isArray(data37)){
const len1 = data37.length;
for(let i1=0; i1<len1; i1++){
let data38 = data37[i1];
if(typeof data38 === "string"){
if(func3(data38) < 1){
const err73 = {instancePath:instancePath+"/sources/" + i0+"/tables/" + i1,schemaPath:"#/properties/sources/items/properties/tables/oneOf/1/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.sources.items.properties.tables.oneOf[1].items,data:data38};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
else {
const err74 = {instancePath:instancePath+"/sources/" + i0+"/tables/" + i1,schemaPath:"#/properties/sources/items/properties/tables/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sources.items.properties.tables.oneOf[1].items.type,parentSchema:schema11.properties.sources.items.properties.tables.oneOf[1].items,data:data38};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
}
else {
const err75 = {instancePath:instancePath+"/sources/" + i0+"/tables",schemaPath:"#/properties/sources/items/properties/tables/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.sources.items.properties.tables.oneOf[1].type,parentSchema:schema11.properties.sources.items.properties.tables.oneOf[1],data:data37};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
var _valid1 = _errs91 === errors;
if(_valid1 && valid11){
valid11 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid11 = true;
passing1 = 1;
}
}
if(!valid11){
const err76 = {instancePath:instancePath+"/sources/" + i0+"/tables",schemaPath:"#/properties/sources/items/properties/tables/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf",schema:schema11.properties.sources.items.properties.tables.oneOf,parentSchema:schema11.properties.sources.items.properties.tables,data:data37};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
else {
errors = _errs88;
if(vErrors !== null){
if(_errs88){
vErrors.length = _errs88;
}
else {
vErrors = null;
}
}
}
}
if(data33.application !== undefined){
let data39 = data33.application;
if(typeof data39 === "string"){
if(func3(data39) < 1){
const err77 = {instancePath:instancePath+"/sources/" + i0+"/application",schemaPath:"#/properties/sources/items/properties/application/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.sources.items.properties.application,data:data39};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
else {
const err78 = {instancePath:instancePath+"/sources/" + i0+"/application",schemaPath:"#/properties/sources/items/properties/application/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sources.items.properties.application.type,parentSchema:schema11.properties.sources.items.properties.application,data:data39};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data33.version !== undefined){
let data40 = data33.version;
if((typeof data40 !== "string") && (!((typeof data40 == "number") && (isFinite(data40))))){
const err79 = {instancePath:instancePath+"/sources/" + i0+"/version",schemaPath:"#/properties/sources/items/properties/version/type",keyword:"type",params:{type: schema11.properties.sources.items.properties.version.type},message:"must be string,number",schema:schema11.properties.sources.items.properties.version.type,parentSchema:schema11.properties.sources.items.properties.version,data:data40};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data33.versionQuery !== undefined){
let data41 = data33.versionQuery;
if(typeof data41 === "string"){
if(func3(data41) < 1){
const err80 = {instancePath:instancePath+"/sources/" + i0+"/versionQuery",schemaPath:"#/properties/sources/items/properties/versionQuery/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.sources.items.properties.versionQuery,data:data41};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
else {
const err81 = {instancePath:instancePath+"/sources/" + i0+"/versionQuery",schemaPath:"#/properties/sources/items/properties/versionQuery/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sources.items.properties.versionQuery.type,parentSchema:schema11.properties.sources.items.properties.versionQuery,data:data41};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data33.region !== undefined){
let data42 = data33.region;
if(typeof data42 === "string"){
if(func3(data42) < 1){
const err82 = {instancePath:instancePath+"/sources/" + i0+"/region",schemaPath:"#/properties/sources/items/properties/region/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.sources.items.properties.region,data:data42};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
else {
const err83 = {instancePath:instancePath+"/sources/" + i0+"/region",schemaPath:"#/properties/sources/items/properties/region/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sources.items.properties.region.type,parentSchema:schema11.properties.sources.items.properties.region,data:data42};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
}
else {
const err84 = {instancePath:instancePath+"/sources/" + i0,schemaPath:"#/properties/sources/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sources.items.type,parentSchema:schema11.properties.sources.items,data:data33};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
}
else {
const err85 = {instancePath:instancePath+"/sources",schemaPath:"#/properties/sources/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.sources.type,parentSchema:schema11.properties.sources,data:data32};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data.watch !== undefined){
let data43 = data.watch;
if(data43 && typeof data43 == "object" && !Array.isArray(data43)){
for(const key8 in data43){
if(!(((key8 === "stabilityMs") || (key8 === "usePolling")) || (key8 === "pollIntervalMs"))){
const err86 = {instancePath:instancePath+"/watch",schemaPath:"#/properties/watch/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.watch,data:data43};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
if(data43.stabilityMs !== undefined){
let data44 = data43.stabilityMs;
if(!(((typeof data44 == "number") && (!(data44 % 1) && !isNaN(data44))) && (isFinite(data44)))){
const err87 = {instancePath:instancePath+"/watch/stabilityMs",schemaPath:"#/properties/watch/properties/stabilityMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.watch.properties.stabilityMs.type,parentSchema:schema11.properties.watch.properties.stabilityMs,data:data44};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
if((typeof data44 == "number") && (isFinite(data44))){
if(data44 < 0 || isNaN(data44)){
const err88 = {instancePath:instancePath+"/watch/stabilityMs",schemaPath:"#/properties/watch/properties/stabilityMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.watch.properties.stabilityMs,data:data44};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
}
if(data43.usePolling !== undefined){
let data45 = data43.usePolling;
if(typeof data45 !== "boolean"){
const err89 = {instancePath:instancePath+"/watch/usePolling",schemaPath:"#/properties/watch/properties/usePolling/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.watch.properties.usePolling.type,parentSchema:schema11.properties.watch.properties.usePolling,data:data45};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
if(data43.pollIntervalMs !== undefined){
let data46 = data43.pollIntervalMs;
if(!(((typeof data46 == "number") && (!(data46 % 1) && !isNaN(data46))) && (isFinite(data46)))){
const err90 = {instancePath:instancePath+"/watch/pollIntervalMs",schemaPath:"#/properties/watch/properties/pollIntervalMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.watch.properties.pollIntervalMs.type,parentSchema:schema11.properties.watch.properties.pollIntervalMs,data:data46};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
if((typeof data46 == "number") && (isFinite(data46))){
if(data46 < 50 || isNaN(data46)){
const err91 = {instancePath:instancePath+"/watch/pollIntervalMs",schemaPath:"#/properties/watch/properties/pollIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 50},message:"must be >= 50",schema:50,parentSchema:schema11.properties.watch.properties.pollIntervalMs,data:data46};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
}
}
else {
const err92 = {instancePath:instancePath+"/watch",schemaPath:"#/properties/watch/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.watch.type,parentSchema:schema11.properties.watch,data:data43};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data.formats !== undefined){
let data47 = data.formats;
if(data47 && typeof data47 == "object" && !Array.isArray(data47)){
for(const key9 in data47){
let data48 = data47[key9];
if(data48 && typeof data48 == "object" && !Array.isArray(data48)){
for(const key10 in data48){
if(!((((((((key10 === "delimiter") || (key10 === "rowTerminator")) || (key10 === "quote")) || (key10 === "escape")) || (key10 === "nullPattern")) || (key10 === "emptyString")) || (key10 === "encoding")) || (key10 === "header"))){
const err93 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/formats/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.formats.additionalProperties,data:data48};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
if(data48.delimiter !== undefined){
let data49 = data48.delimiter;
if(typeof data49 === "string"){
if(func3(data49) < 1){
const err94 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/delimiter",schemaPath:"#/properties/formats/additionalProperties/properties/delimiter/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.formats.additionalProperties.properties.delimiter,data:data49};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
else {
const err95 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/delimiter",schemaPath:"#/properties/formats/additionalProperties/properties/delimiter/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.formats.additionalProperties.properties.delimiter.type,parentSchema:schema11.properties.formats.additionalProperties.properties.delimiter,data:data49};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
if(data48.rowTerminator !== undefined){
let data50 = data48.rowTerminator;
if(typeof data50 === "string"){
if(func3(data50) < 1){
const err96 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/rowTerminator",schemaPath:"#/properties/formats/additionalProperties/properties/rowTerminator/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.formats.additionalProperties.properties.rowTerminator,data:data50};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
else {
const err97 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/rowTerminator",schemaPath:"#/properties/formats/additionalProperties/properties/rowTerminator/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.formats.additionalProperties.properties.rowTerminator.type,parentSchema:schema11.properties.formats.additionalProperties.properties.rowTerminator,data:data50};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data48.quote !== undefined){
let data51 = data48.quote;
if(typeof data51 === "string"){
if(func3(data51) < 1){
const err98 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/quote",schemaPath:"#/properties/formats/additionalProperties/properties/quote/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.formats.additionalProperties.properties.quote,data:data51};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
else {
const err99 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/quote",schemaPath:"#/properties/formats/additionalProperties/properties/quote/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.formats.additionalProperties.properties.quote.type,parentSchema:schema11.properties.formats.additionalProperties.properties.quote,data:data51};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
if(data48.escape !== undefined){
let data52 = data48.escape;
if(typeof data52 === "string"){
if(func3(data52) < 1){
const err100 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/escape",schemaPath:"#/properties/formats/additionalProperties/properties/escape/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.formats.additionalProperties.properties.escape,data:data52};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
else {
const err101 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/escape",schemaPath:"#/properties/formats/additionalProperties/properties/escape/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.formats.additionalProperties.properties.escape.type,parentSchema:schema11.properties.formats.additionalProperties.properties.escape,data:data52};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
if(data48.nullPattern !== undefined){
let data53 = data48.nullPattern;
if(typeof data53 !== "string"){
const err102 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/nullPattern",schemaPath:"#/properties/formats/additionalProperties/properties/nullPattern/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.formats.additionalProperties.properties.nullPattern.type,parentSchema:schema11.properties.formats.additionalProperties.properties.nullPattern,data:data53};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data48.emptyString !== undefined){
let data54 = data48.emptyString;
if(typeof data54 !== "string"){
const err103 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/emptyString",schemaPath:"#/properties/formats/additionalProperties/properties/emptyString/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.formats.additionalProperties.properties.emptyString.type,parentSchema:schema11.properties.formats.additionalProperties.properties.emptyString,data:data54};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(data48.encoding !== undefined){
let data55 = data48.encoding;
if(typeof data55 === "string"){
if(func3(data55) < 1){
const err104 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/encoding",schemaPath:"#/properties/formats/additionalProperties/properties/encoding/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.formats.additionalProperties.properties.encoding,data:data55};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
else {
const err105 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/encoding",schemaPath:"#/properties/formats/additionalProperties/properties/encoding/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.formats.additionalProperties.properties.encoding.type,parentSchema:schema11.properties.formats.additionalProperties.properties.encoding,data:data55};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
if(data48.header !== undefined){
let data56 = data48.header;
if(typeof data56 !== "boolean"){
const err106 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/header",schemaPath:"#/properties/formats/additionalProperties/properties/header/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.formats.additionalProperties.properties.header.type,parentSchema:schema11.properties.formats.additionalProperties.properties.header,data:data56};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
}
else {
const err107 = {instancePath:instancePath+"/formats/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/formats/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.formats.additionalProperties.type,parentSchema:schema11.properties.formats.additionalProperties,data:data48};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
}
else {
const err108 = {instancePath:instancePath+"/formats",schemaPath:"#/properties/formats/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.formats.type,parentSchema:schema11.properties.formats,data:data47};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
if(data.dialects !== undefined){
let data57 = data.dialects;
if(data57 && typeof data57 == "object" && !Array.isArray(data57)){
for(const key11 in data57){
const _errs136 = errors;
if(typeof key11 === "string"){
if(!pattern3.test(key11)){
const err109 = {instancePath:instancePath+"/dialects",schemaPath:"#/properties/dialects/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z][A-Za-z0-9_-]*$"},message:"must match pattern \""+"^[A-Za-z][A-Za-z0-9_-]*$"+"\"",schema:"^[A-Za-z][A-Za-z0-9_-]*$",parentSchema:schema11.properties.dialects.propertyNames,data:key11,propertyName:key11};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
var valid17 = _errs136 === errors;
if(!valid17){
const err110 = {instancePath:instancePath+"/dialects",schemaPath:"#/properties/dialects/propertyNames",keyword:"propertyNames",params:{propertyName: key11},message:"property name must be valid",schema:schema11.properties.dialects.propertyNames,parentSchema:schema11.properties.dialects,data:data57};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
for(const key12 in data57){
let data58 = data57[key12];
if(typeof data58 === "string"){
if(func3(data58) < 1){
const err111 = {instancePath:instancePath+"/dialects/" + key12.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dialects/additionalProperties/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dialects.additionalProperties,data:data58};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
else {
const err112 = {instancePath:instancePath+"/dialects/" + key12.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dialects/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dialects.additionalProperties.type,parentSchema:schema11.properties.dialects.additionalProperties,data:data58};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
}
else {
const err113 = {instancePath:instancePath+"/dialects",schemaPath:"#/properties/dialects/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dialects.type,parentSchema:schema11.properties.dialects,data:data57};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
if(data.types !== undefined){
let data59 = data.types;
if(data59 && typeof data59 == "object" && !Array.isArray(data59)){
for(const key13 in data59){
if(!(((key13 === "strict") || (key13 === "overrides")) || (key13 === "columns"))){
const err114 = {instancePath:instancePath+"/types",schemaPath:"#/properties/types/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.types,data:data59};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
if(data59.strict !== undefined){
let data60 = data59.strict;
if(typeof data60 !== "boolean"){
const err115 = {instancePath:instancePath+"/types/strict",schemaPath:"#/properties/types/properties/strict/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.types.properties.strict.type,parentSchema:schema11.properties.types.properties.strict,data:data60};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
if(data59.overrides !== undefined){
let data61 = data59.overrides;
if(data61 && typeof data61 == "object" && !Array.isArray(data61)){
for(const key14 in data61){
if(!((key14 === "mssql") || (key14 === "mysql"))){
let data62 = data61[key14];
if(data62 && typeof data62 == "object" && !Array.isArray(data62)){
for(const key15 in data62){
let data63 = data62[key15];
if(typeof data63 !== "string"){
const err116 = {instancePath:instancePath+"/types/overrides/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + key15.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/types/properties/overrides/additionalProperties/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.types.properties.overrides.additionalProperties.additionalProperties.type,parentSchema:schema11.properties.types.properties.overrides.additionalProperties.additionalProperties,data:data63};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
}
else {
const err117 = {instancePath:instancePath+"/types/overrides/" + key14.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/types/properties/overrides/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.types.properties.overrides.additionalProperties.type,parentSchema:schema11.properties.types.properties.overrides.additionalProperties,data:data62};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
}
if(data61.mssql !== undefined){
let data64 = data61.mssql;
if(data64 && typeof data64 == "object" && !Array.isArray(data64)){
for(const key16 in data64){
let data65 = data64[key16];
if(typeof data65 !== "string"){
const err118 = {instancePath:instancePath+"/types/overrides/mssql/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/types/properties/overrides/properties/mssql/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.types.properties.overrides.properties.mssql.additionalProperties.type,parentSchema:schema11.properties.types.properties.overrides.properties.mssql.additionalProperties,data:data65};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
}
else {
const err119 = {instancePath:instancePath+"/types/overrides/mssql",schemaPath:"#/properties/types/properties/overrides/properties/mssql/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.types.properties.overrides.properties.mssql.type,parentSchema:schema11.properties.types.properties.overrides.properties.mssql,data:data64};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
if(data61.mysql !== undefined){
let data66 = data61.mysql;
if(data66 && typeof data66 == "object" && !Array.isArray(data66)){
for(const key17 in data66){
let data67 = data66[key17];
if(typeof data67 !== "string"){
const err120 = {instancePath:instancePath+"/types/overrides/mysql/" + key17.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/types/properties/overrides/properties/mysql/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.types.properties.overrides.properties.mysql.additionalProperties.type,parentSchema:schema11.properties.types.properties.overrides.properties.mysql.additionalProperties,data:data67};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
}
else {
const err121 = {instancePath:instancePath+"/types/overrides/mysql",schemaPath:"#/properties/types/properties/overrides/properties/mysql/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.types.properties.overrides.properties.mysql.type,parentSchema:schema11.properties.types.properties.overrides.properties.mysql,data:data66};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
}
else {
const err122 = {instancePath:instancePath+"/types/overrides",schemaPath:"#/properties/types/properties/overrides/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.types.properties.overrides.type,parentSchema:schema11.properties.types.properties.overrides,data:data61};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
if(data59.columns !== undefined){
let data68 = data59.columns;
if(data68 && typeof data68 == "object" && !Array.isArray(data68)){
for(const key18 in data68){
let data69 = data68[key18];
if(typeof data69 !== "string"){
const err123 = {instancePath:instancePath+"/types/columns/" + key18.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/types/properties/columns/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.types.properties.columns.additionalProperties.type,parentSchema:schema11.properties.types.properties.columns.additionalProperties,data:data69};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
}
else {
const err124 = {instancePath:instancePath+"/types/columns",schemaPath:"#/properties/types/properties/columns/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.types.properties.columns.type,parentSchema:schema11.properties.types.properties.columns,data:data68};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
}
else {
const err125 = {instancePath:instancePath+"/types",schemaPath:"#/properties/types/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.types.type,parentSchema:schema11.properties.types,data:data59};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
if(data.target !== undefined){
let data70 = data.target;
if(data70 && typeof data70 == "object" && !Array.isArray(data70)){
for(const key19 in data70){
if(!((((key19 === "schema") || (key19 === "identifiers")) || (key19 === "child")) || (key19 === "renames"))){
const err126 = {instancePath:instancePath+"/target",schemaPath:"#/properties/target/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key19},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.target,data:data70};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
if(data70.schema !== undefined){
let data71 = data70.schema;
if(typeof data71 === "string"){
if(func3(data71) < 1){
const err127 = {instancePath:instancePath+"/target/schema",schemaPath:"#/properties/target/properties/schema/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.target.properties.schema,data:data71};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
else {
const err128 = {instancePath:instancePath+"/target/schema",schemaPath:"#/properties/target/properties/schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.target.properties.schema.type,parentSchema:schema11.properties.target.properties.schema,data:data71};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
if(data70.identifiers !== undefined){
let data72 = data70.identifiers;
if(!(((data72 === "lower") || (data72 === "snake")) || (data72 === "preserve"))){
const err129 = {instancePath:instancePath+"/target/identifiers",schemaPath:"#/properties/target/properties/identifiers/enum",keyword:"enum",params:{allowedValues: schema11.properties.target.properties.identifiers.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.target.properties.identifiers.enum,parentSchema:schema11.properties.target.properties.identifiers,data:data72};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
if(data70.child !== undefined){
let data73 = data70.child;
if(typeof data73 === "string"){
if(!pattern4.test(data73)){
const err130 = {instancePath:instancePath+"/target/child",schemaPath:"#/properties/target/properties/child/pattern",keyword:"pattern",params:{pattern: "\\{version\\}"},message:"must match pattern \""+"\\{version\\}"+"\"",schema:"\\{version\\}",parentSchema:schema11.properties.target.properties.child,data:data73};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
else {
const err131 = {instancePath:instancePath+"/target/child",schemaPath:"#/properties/target/properties/child/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.target.properties.child.type,parentSchema:schema11.properties.target.properties.child,data:data73};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
}
if(data70.renames !== undefined){
let data74 = data70.renames;
if(data74 && typeof data74 == "object" && !Array.isArray(data74)){
for(const key20 in data74){
let data75 = data74[key20];
if(data75 && typeof data75 == "object" && !Array.isArray(data75)){
for(const key21 in data75){
let data76 = data75[key21];
if(typeof data76 !== "string"){
const err132 = {instancePath:instancePath+"/target/renames/" + key20.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + key21.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/target/properties/renames/additionalProperties/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.target.properties.renames.additionalProperties.additionalProperties.type,parentSchema:schema11.properties.target.properties.renames.additionalProperties.additionalProperties,data:data76};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
}
else {
const err133 = {instancePath:instancePath+"/target/renames/" + key20.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/target/properties/renames/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.target.properties.renames.additionalProperties.type,parentSchema:schema11.properties.target.properties.renames.additionalProperties,data:data75};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
}
else {
const err134 = {instancePath:instancePath+"/target/renames",schemaPath:"#/properties/target/properties/renames/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.target.properties.renames.type,parentSchema:schema11.properties.target.properties.renames,data:data74};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
}
else {
const err135 = {instancePath:instancePath+"/target",schemaPath:"#/properties/target/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.target.type,parentSchema:schema11.properties.target,data:data70};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
if(data.migrations !== undefined){
let data77 = data.migrations;
if(data77 && typeof data77 == "object" && !Array.isArray(data77)){
for(const key22 in data77){
if(!(key22 === "directory")){
const err136 = {instancePath:instancePath+"/migrations",schemaPath:"#/properties/migrations/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key22},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.migrations,data:data77};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
if(data77.directory !== undefined){
let data78 = data77.directory;
if(typeof data78 === "string"){
if(func3(data78) < 1){
const err137 = {instancePath:instancePath+"/migrations/directory",schemaPath:"#/properties/migrations/properties/directory/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.migrations.properties.directory,data:data78};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
else {
const err138 = {instancePath:instancePath+"/migrations/directory",schemaPath:"#/properties/migrations/properties/directory/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.migrations.properties.directory.type,parentSchema:schema11.properties.migrations.properties.directory,data:data78};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
}
else {
const err139 = {instancePath:instancePath+"/migrations",schemaPath:"#/properties/migrations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.migrations.type,parentSchema:schema11.properties.migrations,data:data77};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
if(data.ingest !== undefined){
let data79 = data.ingest;
if(data79 && typeof data79 == "object" && !Array.isArray(data79)){
for(const key23 in data79){
if(!(((((key23 === "workers") || (key23 === "mode")) || (key23 === "maxRejects")) || (key23 === "maxRecordBytes")) || (key23 === "parallelCopy"))){
const err140 = {instancePath:instancePath+"/ingest",schemaPath:"#/properties/ingest/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key23},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.ingest,data:data79};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
if(data79.workers !== undefined){
let data80 = data79.workers;
if(!(((typeof data80 == "number") && (!(data80 % 1) && !isNaN(data80))) && (isFinite(data80)))){
const err141 = {instancePath:instancePath+"/ingest/workers",schemaPath:"#/properties/ingest/properties/workers/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.ingest.properties.workers.type,parentSchema:schema11.properties.ingest.properties.workers,data:data80};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
if((typeof data80 == "number") && (isFinite(data80))){
if(data80 > 64 || isNaN(data80)){
const err142 = {instancePath:instancePath+"/ingest/workers",schemaPath:"#/properties/ingest/properties/workers/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema11.properties.ingest.properties.workers,data:data80};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
if(data80 < 1 || isNaN(data80)){
const err143 = {instancePath:instancePath+"/ingest/workers",schemaPath:"#/properties/ingest/properties/workers/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.ingest.properties.workers,data:data80};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
}
if(data79.mode !== undefined){
let data81 = data79.mode;
if(!((data81 === "replace") || (data81 === "append"))){
const err144 = {instancePath:instancePath+"/ingest/mode",schemaPath:"#/properties/ingest/properties/mode/enum",keyword:"enum",params:{allowedValues: schema11.properties.ingest.properties.mode.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.ingest.properties.mode.enum,parentSchema:schema11.properties.ingest.properties.mode,data:data81};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
}
if(data79.maxRejects !== undefined){
let data82 = data79.maxRejects;
if(!(((typeof data82 == "number") && (!(data82 % 1) && !isNaN(data82))) && (isFinite(data82)))){
const err145 = {instancePath:instancePath+"/ingest/maxRejects",schemaPath:"#/properties/ingest/properties/maxRejects/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.ingest.properties.maxRejects.type,parentSchema:schema11.properties.ingest.properties.maxRejects,data:data82};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
if((typeof data82 == "number") && (isFinite(data82))){
if(data82 < 0 || isNaN(data82)){
const err146 = {instancePath:instancePath+"/ingest/maxRejects",schemaPath:"#/properties/ingest/properties/maxRejects/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.ingest.properties.maxRejects,data:data82};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
}
if(data79.maxRecordBytes !== undefined){
let data83 = data79.maxRecordBytes;
if(!(((typeof data83 == "number") && (!(data83 % 1) && !isNaN(data83))) && (isFinite(data83)))){
const err147 = {instancePath:instancePath+"/ingest/maxRecordBytes",schemaPath:"#/properties/ingest/properties/maxRecordBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.ingest.properties.maxRecordBytes.type,parentSchema:schema11.properties.ingest.properties.maxRecordBytes,data:data83};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
if((typeof data83 == "number") && (isFinite(data83))){
if(data83 > 1073741824 || isNaN(data83)){
const err148 = {instancePath:instancePath+"/ingest/maxRecordBytes",schemaPath:"#/properties/ingest/properties/maxRecordBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1073741824},message:"must be <= 1073741824",schema:1073741824,parentSchema:schema11.properties.ingest.properties.maxRecordBytes,data:data83};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
if(data83 < 1 || isNaN(data83)){
const err149 = {instancePath:instancePath+"/ingest/maxRecordBytes",schemaPath:"#/properties/ingest/properties/maxRecordBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.ingest.properties.maxRecordBytes,data:data83};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
}
}
if(data79.parallelCopy !== undefined){
let data84 = data79.parallelCopy;
if(data84 && typeof data84 == "object" && !Array.isArray(data84)){
for(const key24 in data84){
if(!((key24 === "streams") || (key24 === "minBytes"))){
const err150 = {instancePath:instancePath+"/ingest/parallelCopy",schemaPath:"#/properties/ingest/properties/parallelCopy/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key24},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.ingest.properties.parallelCopy,data:data84};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
}
if(data84.streams !== undefined){
let data85 = data84.streams;
if(!(((typeof data85 == "number") && (!(data85 % 1) && !isNaN(data85))) && (isFinite(data85)))){
const err151 = {instancePath:instancePath+"/ingest/parallelCopy/streams",schemaPath:"#/properties/ingest/properties/parallelCopy/properties/streams/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.ingest.properties.parallelCopy.properties.streams.type,parentSchema:schema11.properties.ingest.properties.parallelCopy.properties.streams,data:data85};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
if((typeof data85 == "number") && (isFinite(data85))){
if(data85 > 64 || isNaN(data85)){
const err152 = {instancePath:instancePath+"/ingest/parallelCopy/streams",schemaPath:"#/properties/ingest/properties/parallelCopy/properties/streams/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema11.properties.ingest.properties.parallelCopy.properties.streams,data:data85};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
if(data85 < 1 || isNaN(data85)){
const err153 = {instancePath:instancePath+"/ingest/parallelCopy/streams",schemaPath:"#/properties/ingest/properties/parallelCopy/properties/streams/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.ingest.properties.parallelCopy.properties.streams,data:data85};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
}
if(data84.minBytes !== undefined){
let data86 = data84.minBytes;
if(!(((typeof data86 == "number") && (!(data86 % 1) && !isNaN(data86))) && (isFinite(data86)))){
const err154 = {instancePath:instancePath+"/ingest/parallelCopy/minBytes",schemaPath:"#/properties/ingest/properties/parallelCopy/properties/minBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.ingest.properties.parallelCopy.properties.minBytes.type,parentSchema:schema11.properties.ingest.properties.parallelCopy.properties.minBytes,data:data86};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
if((typeof data86 == "number") && (isFinite(data86))){
if(data86 < 0 || isNaN(data86)){
const err155 = {instancePath:instancePath+"/ingest/parallelCopy/minBytes",schemaPath:"#/properties/ingest/properties/parallelCopy/properties/minBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.ingest.properties.parallelCopy.properties.minBytes,data:data86};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
}
}
}
else {
const err156 = {instancePath:instancePath+"/ingest/parallelCopy",schemaPath:"#/properties/ingest/properties/parallelCopy/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.ingest.properties.parallelCopy.type,parentSchema:schema11.properties.ingest.properties.parallelCopy,data:data84};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
}
}
else {
const err157 = {instancePath:instancePath+"/ingest",schemaPath:"#/properties/ingest/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.ingest.type,parentSchema:schema11.properties.ingest,data:data79};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
}
else {
const err158 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

