var __md_scope=new URL(document.currentScript.getAttribute("data-scope")||".",location);
var __md_hash=function(v){return[].concat(Array.from(v)).reduce(function(h,c){return(h<<5)-h+c.charCodeAt(0)},0)};
var __md_get=function(k,s,p){p=p||__md_scope;try{return JSON.parse((s||localStorage).getItem(p.pathname+"."+k))}catch(e){return null}};
var __md_set=function(k,v,s,p){p=p||__md_scope;try{(s||localStorage).setItem(p.pathname+"."+k,JSON.stringify(v))}catch(e){}};
document.documentElement.classList.add("rebound-js");
